using System.Reflection;
using System.Runtime.Loader;

namespace Bench.Load.Code;

/// <summary>
/// The <see cref="LoadScenarioAttribute"/> scenarios of a built assembly, by name. The assembly
/// loads in its own context with its own dependencies (from its .deps.json), except Bench.Load
/// itself, which is shared with the host so that its <see cref="Scenario"/> is the host's type.
/// </summary>
public sealed class ScenarioCatalog
{
    private readonly Dictionary<string, Scenario> _scenarios;

    private ScenarioCatalog(string path, Dictionary<string, Scenario> scenarios)
    {
        Path = path;
        _scenarios = scenarios;
    }

    public string Path { get; }

    public IReadOnlyCollection<string> Names => _scenarios.Keys;

    public Scenario? Find(string name) => _scenarios.GetValueOrDefault(name);

    /// <exception cref="InvalidDataException">The file is missing, not an assembly, or a marked member is not a static <see cref="Scenario"/>; the message says which.</exception>
    public static ScenarioCatalog Load(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new InvalidDataException($"{path}: no such file (build the project first)");
        Assembly assembly;
        try
        {
            assembly = new PluginContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new InvalidDataException($"{path}: not a .NET assembly");
        }

        var scenarios = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        foreach (var type in ExportedTypes(assembly, path))
        {
            foreach (var member in MarkedMembers(type))
            {
                var scenario = Invoke(member, path);
                if (!scenarios.TryAdd(scenario.Name, scenario))
                    throw new InvalidDataException($"{path}: two scenarios are named '{scenario.Name}'");
            }
        }
        return new ScenarioCatalog(path, scenarios);
    }

    /// <summary>
    /// The type's [LoadScenario] members. A type whose members name assemblies this host lacks (a
    /// test class using ASP.NET Core, in loadgen, which does not load it) cannot hold a scenario
    /// the host could run anyway, so it is passed over rather than failing the whole assembly.
    /// </summary>
    private static IEnumerable<MemberInfo> MarkedMembers(Type type)
    {
        const BindingFlags Static = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;
        try
        {
            return type.GetProperties(Static).Cast<MemberInfo>().Concat(type.GetMethods(Static))
                .Where(m => m.IsDefined(typeof(LoadScenarioAttribute))).ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return [];
        }
    }

    private static Type[] ExportedTypes(Assembly assembly, string path)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new InvalidDataException($"{path}: cannot load its types ({ex.Message})");
        }
    }

    private static Scenario Invoke(MemberInfo member, string path)
    {
        string name = $"{member.DeclaringType?.FullName}.{member.Name}";
        object? value;
        try
        {
            value = member switch
            {
                PropertyInfo p when p.GetIndexParameters().Length == 0 => p.GetValue(null),
                MethodInfo m when m.GetParameters().Length == 0 && !m.IsGenericMethodDefinition => m.Invoke(null, null),
                _ => throw new InvalidDataException($"{path}: [LoadScenario] {name} must be a property or a method without parameters"),
            };
        }
        catch (TargetInvocationException ex)
        {
            throw new InvalidDataException($"{path}: [LoadScenario] {name} threw {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
        }
        return value as Scenario ?? throw new InvalidDataException($"{path}: [LoadScenario] {name} must return a Bench.Load.Code.Scenario");
    }

    /// <summary>Resolves the plugin's own dependencies beside it; Bench.Load comes from the host.</summary>
    private sealed class PluginContext(string path) : AssemblyLoadContext(System.IO.Path.GetFileNameWithoutExtension(path), isCollectible: false)
    {
        private static readonly string Shared = typeof(Scenario).Assembly.GetName().Name!;
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == Shared) return typeof(Scenario).Assembly;
            // Whatever the host already has (the framework, HdrHistogram) is shared too.
            if (Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name) is { } loaded) return loaded;
            return _resolver.ResolveAssemblyToPath(name) is { } file ? LoadFromAssemblyPath(file) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
    }
}
