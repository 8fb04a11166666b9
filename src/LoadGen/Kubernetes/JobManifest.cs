using System.Globalization;
using k8s;
using k8s.Models;

namespace Bench.LoadGen.Kubernetes;

/// <summary>What <c>loadgen k8s job</c> was asked for: the run's own flags and where its shards go.</summary>
public sealed record JobRequest
{
    /// <summary>Job name; also the run id every shard carries and the prefix of the shard files.</summary>
    public required string Name { get; init; }

    public string? Namespace { get; init; }

    public required string Image { get; init; }

    public required int Shards { get; init; }

    /// <summary>The agreed start every pod waits for.</summary>
    public required DateTimeOffset StartAt { get; init; }

    /// <summary>A PersistentVolumeClaim (ReadWriteMany when pods may land on several nodes) that receives the shard files.</summary>
    public required string Claim { get; init; }

    /// <summary>The <c>loadgen run</c> flags, without --shard, --start-at, --run-id and --out (the Job sets those).</summary>
    public required IReadOnlyList<string> RunArguments { get; init; }

    /// <summary>How long the collector keeps the merged file for <c>kubectl cp</c> after merging.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Builds the Kubernetes objects for a sharded run with the official client's model types: an
/// Indexed Job (one pod per shard, <c>completionMode: Indexed</c>, parallelism = completions = N),
/// each pod running <c>loadgen run --shard $(SHARD_INDEX)/N --start-at T</c> and writing its shard
/// file to the claim, and a collector Pod that waits for all N files, merges them with the same code
/// as <c>loadgen merge</c>, prints the summary to its log and keeps the files for <c>kubectl cp</c>.
/// </summary>
public static class JobManifest
{
    public const string ResultsPath = "/results";
    public const string IndexVariable = "SHARD_INDEX";

    /// <summary>The pod's completion index, from the annotation the Job controller sets on every pod of an Indexed Job.</summary>
    public const string IndexAnnotation = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    /// <summary>The runtime-deps images' unprivileged user (the Containerfile's USER); fsGroup makes the claim writable for it.</summary>
    private const long AppUser = 1654;

    public static string ShardFile(string name, string index) => $"{ResultsPath}/{name}-shard-{index}.json";

    public static string MergedFile(string name) => $"{ResultsPath}/{name}-merged.json";

    public static V1Job Job(JobRequest r)
    {
        string shards = r.Shards.ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { "run" };
        args.AddRange(r.RunArguments);
        args.AddRange([
            "--shard", $"$({IndexVariable})/{shards}",
            "--start-at", r.StartAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            "--run-id", r.Name,
            "--out", ShardFile(r.Name, $"$({IndexVariable})"),
        ]);
        var container = new V1Container
        {
            Name = "loadgen",
            Image = r.Image,
            Command = ["loadgen"],
            Args = args,
            Env =
            [
                new V1EnvVar { Name = IndexVariable, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = IndexAnnotation } } },
                new V1EnvVar { Name = "CI", Value = "1" },
            ],
            VolumeMounts = [new V1VolumeMount { Name = "results", MountPath = ResultsPath }],
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Meta(r, r.Name),
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = r.Shards,
                Parallelism = r.Shards,
                // A retried shard would start after --start-at and load the target alone: fail instead, and merge says which is missing.
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(r.Name) },
                    Spec = PodSpec(container, r.Claim, "Never"),
                },
            },
        };
    }

    public static V1Pod Collector(JobRequest r)
    {
        var container = new V1Container
        {
            Name = "collect",
            Image = r.Image,
            Command = ["loadgen"],
            Args =
            [
                "k8s", "collect", "--dir", ResultsPath, "--run-id", r.Name,
                "--shards", r.Shards.ToString(CultureInfo.InvariantCulture),
                "--out", MergedFile(r.Name),
                "--linger", $"{(long)r.Linger.TotalSeconds}s",
            ],
            Env = [new V1EnvVar { Name = "CI", Value = "1" }],
            VolumeMounts = [new V1VolumeMount { Name = "results", MountPath = ResultsPath }],
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = Meta(r, $"{r.Name}-collect"),
            Spec = PodSpec(container, r.Claim, "Never"),
        };
    }

    /// <summary>The Job and the collector as one multi-document YAML, ready for <c>kubectl apply -f</c>.</summary>
    public static string Yaml(JobRequest r) => KubernetesYaml.SerializeAll([Job(r), Collector(r)]);

    private static V1ObjectMeta Meta(JobRequest r, string name) => new()
    {
        Name = name,
        NamespaceProperty = r.Namespace,
        Labels = Labels(r.Name),
    };

    private static Dictionary<string, string> Labels(string run) => new()
    {
        ["app.kubernetes.io/name"] = "bench-loadgen",
        ["bench/run"] = run,
    };

    private static V1PodSpec PodSpec(V1Container container, string claim, string restart) => new()
    {
        RestartPolicy = restart,
        SecurityContext = new V1PodSecurityContext { RunAsUser = AppUser, RunAsGroup = AppUser, FsGroup = AppUser },
        Containers = [container],
        Volumes = [new V1Volume { Name = "results", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }],
    };
}
