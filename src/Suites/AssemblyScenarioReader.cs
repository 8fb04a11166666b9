using Bench.Load.Code;
using Bench.Load.Engine;

namespace Bench.Suites;

/// <summary>
/// A code scenario from a built assembly (see <see cref="LoadScenarioAttribute"/>):
/// <c>{"kind": "assembly", "assembly": "examples/Bench.Examples/bin/Release/net10.0/Bench.Examples.dll", "scenario": "users-upload"}</c>.
/// The assembly is loaded while the suite is read, so a wrong path or scenario name fails before
/// any target starts. A relative path is taken from the current directory, else from the repository root.
/// </summary>
public sealed class AssemblyScenarioReader : IScenarioReader
{
    public string Kind => "assembly";

    public Func<Uri, IScenario>? Parse(JsonFields f)
    {
        string? path = f.String("assembly", required: true);
        string? name = f.String("scenario", required: true);
        if (path is null || name is null) return null;
        ScenarioCatalog catalog;
        try
        {
            catalog = ScenarioCatalog.Load(Resolve(path));
        }
        catch (InvalidDataException ex)
        {
            f.Problem("assembly", ex.Message);
            return null;
        }
        if (catalog.Find(name) is not { } scenario)
        {
            string has = catalog.Names.Count == 0 ? "no [LoadScenario] members" : "it has " + string.Join(", ", catalog.Names.Order(StringComparer.Ordinal));
            f.Problem("scenario", $"'{name}' is not in {path} ({has})");
            return null;
        }
        return baseUrl => scenario.ToEngineScenario(baseUrl);
    }

    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        string fromRoot = Path.Combine(RepoPaths.Root, path);
        return File.Exists(fromRoot) ? fromRoot : path;
    }
}
