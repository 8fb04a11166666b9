using Bench.Load.Code;

namespace Bench.Examples;

/// <summary>
/// The scenarios, kept apart from the tests so that a suite can run them too:
/// <c>{"kind": "assembly", "assembly": "examples/Bench.Examples/bin/Release/net10.0/Bench.Examples.dll", "scenario": "users-upload"}</c>.
/// </summary>
public static class UserScenarios
{
    private static readonly byte[] Photo = new byte[4 * 1024];

    /// <summary>Look a user up, then upload a 4 KiB file: two named steps, each with its own latency histogram.</summary>
    [LoadScenario]
    public static Scenario UsersUpload { get; } = Scenario.Create("users-upload", async ctx =>
    {
        await ctx.Measure("GET /users/1", () => ctx.Http.GetAsync("/users/1"));
        await ctx.Measure("POST /upload", () => ctx.Http.PostAsync("/upload", Photo));
    });
}
