using System.Diagnostics;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Tests.Suites;
using Xunit;

namespace Bench.Tests.LoadGen;

/// <summary>
/// The README's install path, end to end and offline: pack the built solution, install loadgen
/// and bench-server from that folder alone into a temporary tool path (with a temporary NuGet
/// cache, so an older package of the same version cannot stand in), then run the installed
/// tools: <c>loadgen --help</c>, and a 1-second run against the installed bench-server.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(4);


    [Fact]
    public async Task Packed_tools_install_from_the_folder_and_run()
    {
        var ct = TestContext.Current.CancellationToken;
        string work = Directory.CreateTempSubdirectory("bench-pack-").FullName;
        try
        {
            string feed = Path.Combine(work, "nupkg"), tools = Path.Combine(work, "tools");
            string config = Path.Combine(work, "nuget.config");
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """, ct);
            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };

            // --no-build packs what scripts/test.sh (or the developer) built, in this test's own configuration.
            var pack = await RunAsync(Dotnet, ["pack", Path.Combine(RepoPaths.Root, "Bench.sln"), "--no-build", "-c", Configuration, "-o", feed], env, ct);
            Assert.True(pack.ExitCode == 0, pack.Output);
            var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(["Bench.Load.0.1.0.nupkg", "bench-server.0.1.0.nupkg", "loadgen.0.1.0.nupkg"], packages);
            // The library's dependencies must all be packages a consumer can get: no Bench project left unpacked.
            Assert.All(Dependencies(Path.Combine(feed, "Bench.Load.0.1.0.nupkg")), id => Assert.False(id.StartsWith("Bench.", StringComparison.Ordinal), $"Bench.Load depends on {id}, which is not packed"));

            foreach (var tool in new[] { "loadgen", "bench-server" })
            {
                var install = await RunAsync(Dotnet, ["tool", "install", "--tool-path", tools, "--configfile", config, tool], env, ct);
                Assert.True(install.ExitCode == 0, install.Output);
            }

            var help = await RunAsync(Path.Combine(tools, "loadgen"), ["--help"], env, ct);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("loadgen: Bench's load generator", help.Output);

            string results = Path.Combine(work, "results.json");
            string streamResults = Path.Combine(work, "sse.json");
            (int ExitCode, string Output) run, streams;
            // The installed bench-server, started by the one target launcher (ready line, /health, SIGTERM).
            var spec = new TargetSpec { Name = "bench-server", Kind = TargetKinds.Asgi, Model = TargetKinds.Asgi, Environment = env };
            await using (var server = await TargetProcess.StartAsync(spec, Path.Combine(tools, "bench-server"), cpus: null, ct))
            {
                string url = server.BaseUrl.GetLeftPart(UriPartial.Authority);
                run = await RunAsync(Path.Combine(tools, "loadgen"), ["run", "--url", url + "/hello", "--vus", "2", "--duration", "1s", "--out", results], env, ct);
                // Streams run on the epoll transport in Bench.Native: the installed tool must carry it in its deps.json.
                streams = await RunAsync(Path.Combine(tools, "loadgen"), ["run", "--scenario", "sse", "--url", url, "--connections", "20", "--ramp-rate", "0",
                    "--duration", "2s", "--events", "3", "--event-interval", "100ms", "--out", streamResults], env, ct);
            }
            // 0, or 3 when this shared machine starved the generator: either way the run completed (1 and 2 would be failures).
            Assert.True(run.ExitCode is 0 or 3, run.Output);
            var written = ResultsFile.Read(results);
            Assert.Equal(RunStatus.Completed, written.Status);
            Assert.True(written.Totals.Ok > 0, run.Output);
            Assert.Equal(0, written.Totals.Failed);
            Assert.Equal("0.1.0", written.Machine.LoadgenVersion.Split('+')[0]);

            Assert.True(streams.ExitCode is 0 or 3, streams.Output);
            Assert.Equal(20 * 3, ResultsFile.Read(streamResults).Stream!.Counters["events"]);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static IEnumerable<string> Dependencies(string nupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return System.Xml.Linq.XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToList();
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The dotnet host that runs this test (set by the dotnet CLI), else the one on PATH.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, CancellationToken ct)
    {
        using var process = Start(file, args, env);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(StepLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within {StepLimit}");
        }
        return (process.ExitCode, $"{file} {string.Join(' ', args)}\n{await stdout}{await stderr}");
    }
}
