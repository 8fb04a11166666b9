using Bench.Fuzz;
using Xunit;

namespace Bench.Tests.Fuzz;

/// <summary>
/// Every committed fuzz input (the seed corpus, and each crash a fuzzing run found, saved beside it)
/// replays through its harness as a unit test: it must be handled or refused the documented way.
/// </summary>
public sealed class CorpusReplayTests
{
    private static string CorpusRoot => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus");

    public static TheoryData<string, string> Inputs()
    {
        var rows = new TheoryData<string, string>();
        foreach (var harness in Harnesses.All.Keys)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CorpusRoot, harness)).Order(StringComparer.Ordinal))
                rows.Add(harness, Path.GetFileName(file));
        }
        return rows;
    }

    [Fact]
    public void Every_harness_has_a_committed_seed_corpus()
    {
        foreach (var harness in Harnesses.All.Keys)
            Assert.True(Directory.EnumerateFiles(Path.Combine(CorpusRoot, harness)).Count() >= 5, $"{harness}: fewer than 5 seeds");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Corpus_input_is_handled_or_refused_the_documented_way(string harness, string file) =>
        Harnesses.All[harness](File.ReadAllBytes(Path.Combine(CorpusRoot, harness, file)));
}
