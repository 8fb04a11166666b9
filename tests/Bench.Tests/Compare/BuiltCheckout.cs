using Bench.Compare.Ab;

namespace Bench.Tests.Compare;

/// <summary>
/// A "checkout" for <see cref="AbRunner"/> whose Release build is this test run's output (where
/// bench-server lands), so A/B trials run the real servers without building anything. The link
/// is removed first on dispose, so a recursive delete cannot follow it into the test output.
/// </summary>
internal sealed class BuiltCheckout : IDisposable
{
    private readonly string _link;

    public BuiltCheckout(string parent)
    {
        Dir = Path.Combine(parent, "checkout");
        string release = Directory.CreateDirectory(Path.Combine(Dir, "src", "Servers", "bin", "Release")).FullName;
        _link = Path.Combine(release, "net10.0");
        Directory.CreateSymbolicLink(_link, AppContext.BaseDirectory.TrimEnd('/'));
    }

    public string Dir { get; }

    /// <summary>Interleaved trials of one cell on this build, base and head, into <paramref name="outDir"/>/base and /head.</summary>
    public async Task<string> RunAbAsync(string outDir, AbCell cell, int trials, IReadOnlyDictionary<string, string>? headEnvironment = null)
    {
        var log = new StringWriter();
        var plan = new AbPlan
        {
            BaseDir = Dir,
            HeadDir = Dir,
            OutDir = outDir,
            Cells = [cell],
            Trials = trials,
            Duration = TimeSpan.FromMilliseconds(400),
            Warmup = TimeSpan.FromMilliseconds(200),
            Build = false,
            HeadEnvironment = headEnvironment ?? new Dictionary<string, string>(),
        };
        await new AbRunner(plan, log).RunAsync(CancellationToken.None);
        return log.ToString();
    }

    public void Dispose()
    {
        if (new FileInfo(_link).LinkTarget is not null) File.Delete(_link);
    }
}
