using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Bench.Micro.Instructions;

/// <summary>
/// Every [Benchmark] method of this assembly as an <see cref="Operation"/>: the very methods
/// BenchmarkDotNet times, on an instance set up the way it sets one up ([GlobalSetup] once), so
/// both tiers measure the same code. A typed delegate per method keeps the loop's own cost to
/// one indirect call per operation (reflection's Invoke would box and allocate every time).
/// </summary>
public static class MicroOperations
{
    public static IEnumerable<Operation> All()
    {
        var types = typeof(MicroOperations).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var type in types)
        {
            object instance = Activator.CreateInstance(type)!;
            foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
                setup.Invoke(instance, null);
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).OrderBy(m => m.Name, StringComparer.Ordinal))
                yield return new Operation($"micro {type.Name.Replace("Benchmarks", "", StringComparison.Ordinal)}.{method.Name}", Loop(method, instance));
        }
    }

    private static Action<int> Loop(MethodInfo method, object instance)
    {
        if (method.ReturnType == typeof(void))
        {
            var action = method.CreateDelegate<Action>(instance);
            return count =>
            {
                for (int i = 0; i < count; i++) action();
            };
        }
        var typed = typeof(MicroOperations).GetMethod(nameof(TypedLoop), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(method.ReturnType);
        return (Action<int>)typed.Invoke(null, [method.CreateDelegate(typeof(Func<>).MakeGenericType(method.ReturnType), instance)])!;
    }

    private static Action<int> TypedLoop<T>(Func<T> func) => count =>
    {
        for (int i = 0; i < count; i++) Sink<T>.Value = func();
    };

    /// <summary>Where results go so the JIT cannot drop the call; a typed field, so nothing is boxed.</summary>
    private static class Sink<T>
    {
        public static T? Value;
    }
}
