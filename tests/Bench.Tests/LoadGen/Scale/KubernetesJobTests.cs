using System.Diagnostics;
using Bench.Load.Results;
using Bench.LoadGen.Cli;
using Bench.Tests.Load.Merge;
using k8s;
using k8s.Models;
using Xunit;

namespace Bench.Tests.LoadGen.Scale;

/// <summary>
/// <c>loadgen k8s job</c> writes a manifest that the official client reads back into the objects
/// it describes, whose pods run a loadgen command line loadgen itself accepts; and kubectl, where it
/// can check without a cluster.
/// </summary>
public sealed class KubernetesJobTests
{
    private const string StartAt = "2026-11-30T10:00:00.000Z";

    private static async Task<string> ManifestAsync()
    {
        string path = ScaleCli.TempFile("job.yaml");
        var (exit, _, err) = await ScaleCli.RunAsync("k8s", "job", "--shards", "3", "--image", "bench:test", "--name", "hello-run", "--start-at", StartAt,
            "--claim", "shards", "--manifest", path, "--url", "http://target:8000/hello", "--vus", "30", "--duration", "30s", "--threshold", "p99<50ms");
        Assert.True(exit == 0, err);
        return path;
    }

    [Fact]
    public async Task The_manifest_round_trips_into_an_indexed_job_and_a_collector()
    {
        var objects = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(await ManifestAsync()));

        var job = Assert.IsType<V1Job>(objects[0]);
        Assert.Equal(("batch/v1", "Job", "hello-run"), (job.ApiVersion, job.Kind, job.Metadata.Name));
        Assert.Equal(("Indexed", 3, 3, 0), (job.Spec.CompletionMode, job.Spec.Completions, job.Spec.Parallelism, job.Spec.BackoffLimit));
        var pod = job.Spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        var container = Assert.Single(pod.Containers);
        Assert.Equal("bench:test", container.Image);
        Assert.Equal(["loadgen"], container.Command);
        Assert.Equal(["run", "--url", "http://target:8000/hello", "--vus", "30", "--duration", "30s", "--threshold", "p99<50ms",
            "--shard", "$(SHARD_INDEX)/3", "--start-at", StartAt, "--run-id", "hello-run", "--out", "/results/hello-run-shard-$(SHARD_INDEX).json"], container.Args);
        var index = Assert.Single(container.Env, e => e.Name == "SHARD_INDEX");
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", index.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("/results", Assert.Single(container.VolumeMounts).MountPath);
        Assert.Equal("shards", Assert.Single(pod.Volumes).PersistentVolumeClaim.ClaimName);

        var collector = Assert.IsType<V1Pod>(objects[1]);
        Assert.Equal("hello-run-collect", collector.Metadata.Name);
        Assert.Equal(["k8s", "collect", "--dir", "/results", "--run-id", "hello-run", "--shards", "3", "--out", "/results/hello-run-merged.json", "--linger", "3600s"],
            collector.Spec.Containers[0].Args);
    }

    [Fact]
    public async Task Each_pods_command_line_is_one_loadgen_accepts()
    {
        var job = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(await ManifestAsync())).OfType<V1Job>().Single();
        var args = job.Spec.Template.Spec.Containers[0].Args;

        for (int i = 0; i < 3; i++)
        {
            // What the kubelet runs in pod i: $(SHARD_INDEX) expanded from the completion index.
            var pod = args.Select(a => a.Replace("$(SHARD_INDEX)", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
            var parse = new RunCommand(TextWriter.Null, TextWriter.Null).Command.Parse(pod[1..]);
            Assert.Empty(parse.Errors);
        }
    }

    [Fact]
    public async Task Flags_the_job_sets_itself_are_refused_in_one_line()
    {
        var (exit, _, err) = await ScaleCli.RunAsync("k8s", "job", "--shards", "3", "--image", "bench:test", "--url", "http://target:8000/hello", "--out", "x.json");

        Assert.Equal(2, exit);
        Assert.Equal("loadgen: --out: the Job sets it for each pod; leave it out", Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Kubectl_accepts_the_manifest_in_a_client_dry_run()
    {
        string? kubectl = Which("kubectl");
        if (kubectl is null) Assert.Skip("kubectl is not installed (Debian: apt-get install kubectl where a repository provides it)");
        string manifest = await ManifestAsync();

        var (exit, output) = await RunAsync(kubectl!, "apply", "--dry-run=client", "--validate=false", "--request-timeout=10s", "-f", manifest);

        // Even a client-side dry run asks an API server which kinds exist (discovery); without a cluster there is none to ask.
        if (exit != 0 && (output.Contains("connection refused", StringComparison.Ordinal) || output.Contains("unable to recognize", StringComparison.Ordinal)
            || output.Contains("couldn't get current server API group list", StringComparison.Ordinal)))
            Assert.Skip($"kubectl is installed but needs an API server even for --dry-run=client (discovery), and none is reachable: {output.Trim().Split('\n')[^1]}");
        Assert.True(exit == 0, output);
        Assert.Contains("job.batch/hello-run created (dry run)", output);
        Assert.Contains("pod/hello-run-collect created (dry run)", output);
    }

    [Fact]
    public async Task Collect_waits_for_every_shard_file_then_merges_them()
    {
        string dir = ScaleCli.TempDir();
        string output = Path.Combine(dir, "hello-run-merged.json");
        for (int i = 0; i < 3; i++)
            ResultsFile.Write(Path.Combine(dir, $"hello-run-shard-{i}.json"), ShardResults.Make(i, 3, [100, 200, 300 + i]).Result);

        var (exit, stdout, err) = await ScaleCli.RunAsync("k8s", "collect", "--dir", dir, "--run-id", "hello-run", "--shards", "3", "--out", output, "--wait", "10s");

        Assert.True(exit == 0, err);
        var merged = ResultsFile.Read(output);
        Assert.Equal(9, merged.Totals.Requests);
        Assert.Equal(3, merged.Merge!.Count);
        Assert.Contains("merged     3 shards", stdout);
    }

    [Fact]
    public async Task Collect_gives_up_in_time_naming_what_is_missing()
    {
        string dir = ScaleCli.TempDir();
        ResultsFile.Write(Path.Combine(dir, "r-shard-0.json"), ShardResults.Make(0, 2, [100]).Result);

        var (exit, _, err) = await ScaleCli.RunAsync("k8s", "collect", "--dir", dir, "--run-id", "r", "--shards", "2", "--out", Path.Combine(dir, "m.json"), "--wait", "1s");

        Assert.Equal(3, exit);
        Assert.Contains("r-shard-1.json", Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    internal static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    internal static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 15 minutes");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
