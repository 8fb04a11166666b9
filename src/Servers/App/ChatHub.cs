using System.Text;
using System.Text.Json;

namespace Bench.Servers.App;

/// <summary>
/// The rooms of /ws/chat, shared by every connection of a process: a message is stamped with the
/// room's next sequence number and the server's monotonic time, and handed to every member in that
/// order under the room's lock, so all members see one order.
/// </summary>
public sealed class ChatHub
{
    private sealed class Room
    {
        public readonly List<Action<byte[]>> Members = [];
        public long Sequence;
    }

    private readonly Dictionary<string, Room> _rooms = new();

    /// <summary>Adds a member whose <paramref name="deliver"/> must not block for long; disposing leaves the room.</summary>
    public IDisposable Join(string room, Action<byte[]> deliver)
    {
        Room joined;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out joined!)) _rooms[room] = joined = new Room();
        }
        lock (joined) joined.Members.Add(deliver);
        return new Membership(() =>
        {
            lock (joined) joined.Members.Remove(deliver);
        });
    }

    public void Broadcast(string room, string text)
    {
        Room? target;
        lock (_rooms) _rooms.TryGetValue(room, out target);
        if (target is null) return;
        lock (target)
        {
            long seq = ++target.Sequence;
            var payload = Encoding.UTF8.GetBytes(
                $"{{\"room\":{JsonSerializer.Serialize(room)},\"seq\":{seq},\"t_us\":{MonotonicClock.NowMicroseconds},\"msg\":{JsonSerializer.Serialize(text)}}}");
            foreach (var deliver in target.Members) deliver(payload);
        }
    }

    private sealed class Membership(Action leave) : IDisposable
    {
        private int _left;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) leave();
        }
    }
}
