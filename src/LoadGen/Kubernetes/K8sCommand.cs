using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scale;
using Bench.LoadGen.Cli;

namespace Bench.LoadGen.Kubernetes;

/// <summary>
/// <c>loadgen k8s job ...run flags... --shards N --image IMG</c> writes the manifest of a sharded run
/// on Kubernetes (see <see cref="JobManifest"/>); <c>loadgen k8s collect</c> is what its collector pod
/// runs: wait for the N shard files, merge them, keep the result for <c>kubectl cp</c>.
/// </summary>
public sealed partial class K8sCommand
{
    /// <summary>Run flags the Job sets itself, per pod.</summary>
    private static readonly HashSet<string> SetByJob = ["--shard", "--out", "-o", "--run-id", "--processes", "--start-at"];

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    public K8sCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("k8s", "Sharded runs on Kubernetes: an Indexed Job manifest, and the collector that merges its shards") { JobCommand(), CollectCommand() };
    }

    public Command Command { get; }

    private Command JobCommand()
    {
        var shards = new Option<int>("--shards") { Description = "Pods, one shard each (completionMode Indexed, parallelism = completions = N)", Required = true };
        var image = new Option<string>("--image") { Description = "Image holding loadgen (Containerfile at the repository root; scripts/image.sh builds it)", Required = true };
        var name = new Option<string>("--name") { Description = "Job name, run id and shard file prefix", DefaultValueFactory = _ => "bench-run" };
        var ns = new Option<string?>("--namespace") { Description = "Namespace of the Job and the collector pod [default: the kubectl context's]" };
        var claim = new Option<string>("--claim") { Description = "PersistentVolumeClaim the shard files are written to (ReadWriteMany when pods may land on several nodes)", DefaultValueFactory = _ => "bench-results" };
        var startAt = new Option<string?>("--start-at") { Description = "When all pods begin the load, RFC 3339 [default: two minutes from now]" };
        var linger = Durations.WithDefault("--linger", TimeSpan.FromHours(1), "How long the collector pod keeps running after merging, for kubectl cp");
        var manifest = new Option<string?>("--manifest") { Description = "Write the manifest here instead of standard output" };
        var command = new Command("job", "Write a Kubernetes Indexed Job that runs this run as N shards, plus a collector pod that merges them; the run's own flags go alongside")
        {
            shards, image, name, ns, claim, startAt, linger, manifest,
        };
        // Everything else on the line is the run's own flags, checked by loadgen run's parser below.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var errors = new List<string>();
            int n = parse.GetValue(shards);
            if (n < 1 || n > Load.Models.Shard.MaxCount) errors.Add($"--shards: must be in [1, {Load.Models.Shard.MaxCount:N0}] (got {n})");
            string jobName = parse.GetValue(name)!;
            if (!DnsLabel().IsMatch(jobName)) errors.Add($"--name: '{jobName}' must be a DNS label of at most 42 lowercase letters, digits and '-' (the pods add their own suffix)");
            DateTimeOffset at = DateTimeOffset.UtcNow.AddMinutes(2);
            if (parse.GetValue(startAt) is { } text && !StartTime.TryParse(text, out at, out string why)) errors.Add($"--start-at: {why}");
            var runArgs = parse.UnmatchedTokens.ToList();
            foreach (var flag in runArgs.Where(SetByJob.Contains).Distinct())
                errors.Add($"{flag}: the Job sets it for each pod; leave it out");
            if (errors.Count == 0 && RunFlagsProblem(runArgs) is { } problem) errors.Add(problem);
            if (errors.Count > 0) return Fail(errors);

            var request = new JobRequest
            {
                Name = jobName,
                Namespace = parse.GetValue(ns),
                Image = parse.GetValue(image)!,
                Shards = n,
                StartAt = at,
                Claim = parse.GetValue(claim)!,
                RunArguments = runArgs,
                Linger = parse.GetValue(linger),
            };
            string yaml = JobManifest.Yaml(request);
            if (parse.GetValue(manifest) is { } path)
            {
                File.WriteAllText(path, yaml);
                _stderr.WriteLine($"loadgen: wrote {path}: {n} pods start together at {StartTime.Format(at)}; kubectl apply -f {path} before then");
            }
            else
            {
                _stdout.Write(yaml);
                _stderr.WriteLine($"loadgen: {n} pods start together at {StartTime.Format(at)}: apply the manifest before then");
            }
            return ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>The run flags as loadgen run itself would parse them, so a typo fails here and not in N pods.</summary>
    private static string? RunFlagsProblem(List<string> runArgs)
    {
        var run = new RunCommand(TextWriter.Null, TextWriter.Null).Command;
        var parse = run.Parse([.. runArgs, "--shard", "0/1", "--out", "x.json"]);
        return parse.Errors.Count > 0 ? parse.Errors[0].Message : null;
    }

    private Command CollectCommand()
    {
        var dir = new Option<string>("--dir") { Description = "Where the shard files appear (the Job's volume)", Required = true };
        var runId = new Option<string>("--run-id") { Description = "The Job's name: shard files are RUN-shard-I.json", Required = true };
        var shards = new Option<int>("--shards") { Description = "How many shard files to wait for", Required = true };
        var output = new Option<string>("--out") { Description = "The merged results file", Required = true };
        var wait = Durations.WithDefault("--wait", TimeSpan.FromHours(2), "Give up when the shards are not all there by then");
        var linger = Durations.WithDefault("--linger", TimeSpan.Zero, "Keep running this long after merging (a pod, for kubectl cp)");
        var command = new Command("collect", "Wait for all shard files of a run in a directory, merge them (as loadgen merge), optionally linger") { dir, runId, shards, output, wait, linger };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(shards);
            if (n < 1 || n > Load.Models.Shard.MaxCount) return Fail([$"--shards: must be in [1, {Load.Models.Shard.MaxCount:N0}] (got {n})"]);
            string folder = parse.GetValue(dir)!;
            var paths = Enumerable.Range(0, n).Select(i => Path.Combine(folder, Path.GetFileName(JobManifest.ShardFile(parse.GetValue(runId)!, i.ToString(CultureInfo.InvariantCulture))))).ToList();
            var deadline = DateTimeOffset.UtcNow + parse.GetValue(wait);
            var lastNote = DateTimeOffset.MinValue;
            while (paths.Where(p => !Final(p)).ToList() is { Count: > 0 } pending)
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    _stderr.WriteLine($"loadgen: k8s collect: {pending.Count} of {n} shard files not complete in {folder} in time: {string.Join(", ", pending.Select(Path.GetFileName))}");
                    return ExitCodes.Invalid;
                }
                if (DateTimeOffset.UtcNow - lastNote > TimeSpan.FromSeconds(30))
                {
                    _stdout.WriteLine($"loadgen: waiting for {pending.Count} of {n} shard files in {folder}");
                    lastNote = DateTimeOffset.UtcNow;
                }
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Invalid;
                }
            }
            var (merged, error) = MergeCommand.Merge(paths);
            if (merged is null)
            {
                _stderr.WriteLine($"loadgen: k8s collect: {error}");
                return ExitCodes.BadInput;
            }
            ResultsFile.Write(parse.GetValue(output)!, merged);
            ResultPrinter.Print(merged, _stdout);
            _stdout.WriteLine($"  results    {Path.GetFullPath(parse.GetValue(output)!)}");
            try
            {
                if (parse.GetValue(linger) > TimeSpan.Zero) await Task.Delay(parse.GetValue(linger), ct);
            }
            catch (OperationCanceledException)
            {
            }
            return merged.ExitCode ?? ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>A shard file that is there and no longer being rewritten each second.</summary>
    private static bool Final(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            return ResultsFile.Read(path).Status != RunStatus.Running;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private int Fail(IEnumerable<string> errors)
    {
        foreach (var e in errors) _stderr.WriteLine($"loadgen: {e}");
        return ExitCodes.BadInput;
    }
}
