using Bench.Suites;
using Bench.Tests.LoadGen.Scale;
using Xunit;

namespace Bench.Tests.Packaging;

/// <summary>
/// The Containerfile at the repository root, built by scripts/image.sh (publish on the host, copy in)
/// with podman or docker where one runs here, and loadgen started inside the image.
/// </summary>
public sealed class ContainerImageTests
{
    private const string Tag = "localhost/bench-test:latest";

    [Fact]
    public async Task The_image_builds_and_loadgen_runs_inside_it()
    {
        string? engine = null;
        foreach (var candidate in new[] { "podman", "docker" })
            if (KubernetesJobTests.Which(candidate) is { } path && (await KubernetesJobTests.RunAsync(path, "info")).Exit == 0)
            {
                engine = path;
                break;
            }
        if (engine is null) Assert.Skip("neither podman nor docker runs on this machine (apt-get install podman), so the image cannot be built here");

        var (built, buildOutput) = await KubernetesJobTests.RunAsync(Path.Combine(RepoPaths.Root, "scripts", "image.sh"), "--tag", Tag, "--engine", Path.GetFileName(engine));
        Assert.True(built == 0, buildOutput);
        Assert.Contains($"image: {Tag}", buildOutput);

        // Containers inherit this machine's descriptor and process limits; asking for more than the hard limit fails, so ask for what there is.
        var (_, hard) = Bench.Load.Scenarios.Sessions.CapacityCheck.DescriptorLimits();
        string nofile = hard is > 0 and < int.MaxValue ? $"{hard}:{hard}" : "65536:65536";
        string[] limits = ["--ulimit", $"nofile={nofile}", "--ulimit", "nproc=4096:4096"];
        var (ran, output) = await KubernetesJobTests.RunAsync(engine, ["run", "--rm", .. limits, Tag, "loadgen", "--help"]);
        // crun (podman's default) refuses cgroups mounted in hybrid mode; runc runs there.
        if (ran != 0 && output.Contains("crun", StringComparison.Ordinal) && KubernetesJobTests.Which("runc") is not null)
            (ran, output) = await KubernetesJobTests.RunAsync(engine, ["--runtime", "runc", "run", "--rm", .. limits, Tag, "loadgen", "--help"]);
        // The image built; a runtime that cannot start any container here is the machine's, not the image's.
        if (ran != 0 && RuntimeRefused(output) is { } why)
            Assert.Skip($"the image builds, but {Path.GetFileName(engine)} cannot start a container on this machine ({why}); " +
                (KubernetesJobTests.Which("runc") is null ? "install runc (scripts/install-deps.sh test)" : "runc failed too"));
        Assert.True(ran == 0, output);
        Assert.Contains("loadgen: Bench's load generator", output);
        Assert.Contains("merge", output);
        Assert.Contains("k8s", output);
    }

    /// <summary>The OCI runtime's own refusal (cgroups, rlimits, namespaces), or null when the failure is something else.</summary>
    private static string? RuntimeRefused(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal)
            && (l.Contains("OCI runtime", StringComparison.Ordinal) || l.Contains("OCI permission denied", StringComparison.Ordinal)));
}
