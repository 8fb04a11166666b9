namespace Bench.Servers.Asgi;

/// <summary>
/// The ASGI lifespan protocol (spec 2.0) for one event loop: startup before the first connection,
/// shutdown after the last. An app that raises on the lifespan scope is run without it, as uvicorn's
/// <c>--lifespan auto</c> does.
/// </summary>
internal sealed class AsgiLifespan(AsgiApp app, Dictionary<string, object?> state)
{
    private readonly System.Threading.Channels.Channel<Dictionary<string, object?>> _toApp = System.Threading.Channels.Channel.CreateUnbounded<Dictionary<string, object?>>();
    private TaskCompletionSource<Dictionary<string, object?>> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _appTask;
    private bool _supported = true;

    public async Task<bool> StartupAsync()
    {
        var scope = new Dictionary<string, object?>
        {
            ["type"] = "lifespan",
            ["asgi"] = new Dictionary<string, object?> { ["version"] = AsgiMessages.Version, ["spec_version"] = "2.0" },
            ["state"] = state,
        };
        _appTask = RunAppAsync(scope);
        var reply = await ExchangeAsync("lifespan.startup");
        if (reply is null) return true;
        var type = AsgiMessages.TypeOf(reply);
        if (type == "lifespan.startup.failed")
        {
            Console.Error.WriteLine($"bench-asgi: lifespan startup failed: {AsgiMessages.Get(reply, "message", "")}");
            return false;
        }
        return type == "lifespan.startup.complete";
    }

    public async Task ShutdownAsync()
    {
        if (!_supported) return;
        var reply = await ExchangeAsync("lifespan.shutdown");
        if (reply is not null && AsgiMessages.TypeOf(reply) == "lifespan.shutdown.failed")
            Console.Error.WriteLine($"bench-asgi: lifespan shutdown failed: {AsgiMessages.Get(reply, "message", "")}");
    }

    private async Task<Dictionary<string, object?>?> ExchangeAsync(string type)
    {
        _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _toApp.Writer.WriteAsync(AsgiMessages.Message(type));
        var finished = await Task.WhenAny(_reply.Task, _appTask!);
        return finished == _reply.Task ? await _reply.Task : null;
    }

    private async Task RunAppAsync(Dictionary<string, object?> scope)
    {
        try
        {
            await app(scope, async () => await _toApp.Reader.ReadAsync(), message =>
            {
                _reply.TrySetResult(message);
                return ValueTask.CompletedTask;
            });
        }
        catch (Exception e)
        {
            _supported = false;
            Console.Error.WriteLine($"bench-asgi: ASGI 'lifespan' protocol appears unsupported ({e.GetType().Name}).");
        }
    }
}
