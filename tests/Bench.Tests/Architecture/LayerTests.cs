using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bench.Suites;
using Xunit;

namespace Bench.Tests.Architecture;

/// <summary>
/// The house plan, checked: each project references only the projects below it, and inside the two
/// bigger projects each namespace uses only the namespaces below it. A new arrow is a decision — add it
/// to the table here and to docs/ARCHITECTURE.md together — never an accident.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Project → the Bench projects it may reference (directly).</summary>
    private static readonly Dictionary<string, string[]> AllowedProjects = new()
    {
        // Raw Linux calls (epoll, eventfd, sockets): the bottom of both sides.
        ["Bench.Native"] = [],
        ["Bench.Servers"] = ["Bench.Native"],
        ["Bench.Load"] = ["Bench.Native"],
        ["Bench.Suites"] = ["Bench.Native", "Bench.Load"],
        ["Bench.Compare"] = ["Bench.Native", "Bench.Load", "Bench.Suites"],
        // Reporting renders compare's verdicts and history (compare.html, trend charts) with its charts.
        ["Bench.Reporting"] = ["Bench.Native", "Bench.Load", "Bench.Suites", "Bench.Compare"],
        ["Bench.LoadGen"] = ["Bench.Native", "Bench.Load", "Bench.Suites", "Bench.Reporting", "Bench.Compare"],
        ["Bench.Micro"] = ["Bench.Native", "Bench.Servers", "Bench.Load"],
    };

    /// <summary>Inside a project, namespaces bottom first; a namespace may use only those with a lower rank.</summary>
    private static readonly Dictionary<string, int> NamespaceRank = new()
    {
        ["Bench.Load.Vocabulary"] = 0,
        ["Bench.Load.Results"] = 1,
        ["Bench.Load.Metrics"] = 2,
        ["Bench.Load.Models"] = 2,
        ["Bench.Load.Thresholds"] = 3,
        ["Bench.Load.Engine"] = 4,
        ["Bench.Load.Clients"] = 5,
        ["Bench.Load.Scenarios"] = 6,
        ["Bench.Load.Code"] = 7,
        ["Bench.Load.Merge"] = 7,
        ["Bench.Load.Scale"] = 8,
        ["Bench.Suites.Sampling"] = 0,
        ["Bench.Suites.Results"] = 1,
        ["Bench.Suites.Claims"] = 2,
        ["Bench.Suites"] = 3,
    };

    [Fact]
    public void Every_project_references_only_the_layers_below_it()
    {
        var projects = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        var problems = new List<string>();
        foreach (var path in projects)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!AllowedProjects.TryGetValue(name, out var allowed))
            {
                problems.Add($"{name}: not in the layer table (add it here and to docs/ARCHITECTURE.md)");
                continue;
            }
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                string target = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
                if (!allowed.Contains(target)) problems.Add($"{name} references {target}, which is not below it");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void The_compiled_assemblies_have_the_same_arrows()
    {
        // What the compiler actually bound, not only what the project files say.
        var assemblies = new Dictionary<string, Assembly>
        {
            ["Bench.Load"] = typeof(Bench.Load.Results.RunResult).Assembly,
            ["Bench.Suites"] = typeof(SuiteDefinition).Assembly,
            ["Bench.Reporting"] = typeof(Bench.Reporting.ReportGenerator).Assembly,
            ["Bench.Compare"] = typeof(Bench.Compare.Comparer).Assembly,
            ["Bench.LoadGen"] = typeof(Bench.LoadGen.Cli.LoadGenCli).Assembly,
        };
        var byAssemblyName = assemblies.ToDictionary(a => a.Value.GetName().Name!, a => a.Key);
        var problems = new List<string>();
        foreach (var (project, assembly) in assemblies)
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (byAssemblyName.TryGetValue(reference.Name!, out var target) && !AllowedProjects[project].Contains(target))
                    problems.Add($"{project} uses {target}");
        Assert.Empty(problems);
    }

    [Fact]
    public void Inside_a_project_each_namespace_uses_only_the_namespaces_below_it()
    {
        var problems = new List<string>();
        foreach (var project in new[] { "Load", "Suites" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", project), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                string text = File.ReadAllText(file);
                var own = FileNamespace().Match(text);
                if (!own.Success || Layer(own.Groups[1].Value) is not { } me) continue;
                foreach (Match m in QualifiedName().Matches(WithoutComments(text)))
                    if (Layer(m.Value) is { } used && used != me && Project(used) == Project(me) && NamespaceRank[used] >= NamespaceRank[me])
                        problems.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}: {me} uses {used}");
            }
        }
        Assert.Empty(problems.Distinct());
    }

    [Fact]
    public void A_child_namespace_does_not_use_its_parents_types_without_a_using()
    {
        // C# lets Bench.Suites.Claims see Bench.Suites' types with no using at all, which the check above
        // cannot see: so the types declared in a parent layer must not be named in a lower child layer.
        var root = Path.Combine(RepoPaths.Root, "src", "Suites");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: f, Text: File.ReadAllText(f)))
            .Select(f => (f.Path, f.Text, Ns: FileNamespace().Match(f.Text).Groups[1].Value))
            .ToList();
        var parentTypes = files.Where(f => f.Ns == "Bench.Suites").SelectMany(f => DeclaredType().Matches(f.Text).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.NotEmpty(parentTypes);
        var problems = new List<string>();
        foreach (var f in files.Where(f => f.Ns.StartsWith("Bench.Suites.", StringComparison.Ordinal)))
            foreach (Match m in Identifier().Matches(WithoutComments(f.Text)))
                if (parentTypes.Contains(m.Value)) problems.Add($"{Path.GetRelativePath(RepoPaths.Root, f.Path)}: {f.Ns} uses Bench.Suites.{m.Value}");
        Assert.Empty(problems.Distinct());
    }

    /// <summary>A namespace's layer: the longest entry of the rank table it starts with.</summary>
    private static string? Layer(string ns) =>
        NamespaceRank.Keys.Where(k => ns == k || ns.StartsWith(k + ".", StringComparison.Ordinal)).MaxBy(k => k.Length);

    private static string Project(string ns) => string.Join('.', ns.Split('.').Take(2));

    private static string WithoutComments(string text) => LineComment().Replace(text, "");

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"\bBench\.(?:Load|Suites)(?:\.[A-Z]\w*)*")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^(?:public|internal) (?:(?:static|sealed|abstract|partial|readonly) )*(?:record struct|record|class|struct|interface|enum) (\w+)", RegexOptions.Multiline)]
    private static partial Regex DeclaredType();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();
}
