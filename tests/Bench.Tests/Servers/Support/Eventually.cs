using Xunit;

namespace Bench.Tests.Servers.Support;

/// <summary>Polls a server-side counter that settles shortly after the response (e.g. a thread marked idle).</summary>
internal static class Eventually
{
    public static async Task EqualAsync<T>(T expected, Func<T> actual, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(2));
        while (!EqualityComparer<T>.Default.Equals(actual(), expected) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(expected, actual());
    }

    public static async Task EqualAsync<T>(T expected, Func<Task<T>> actual, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(2));
        while (!EqualityComparer<T>.Default.Equals(await actual(), expected) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(expected, await actual());
    }
}
