using System.Buffers.Binary;

namespace Bench.Load.Clients.Tls;

/// <summary>
/// Tells a resumed handshake from a full one by reading the two hellos, which travel in clear:
/// SslStream does not say. TLS 1.3 (RFC 8446 §4.2.11): the ServerHello carries pre_shared_key only
/// when the server accepted a resumption PSK. TLS 1.2 (RFC 5246 §7.4.1.3, RFC 5077 §3.4): the server
/// echoes the ClientHello's session id only when it resumes (by id or by ticket). Only the first
/// kilobytes each way are looked at; a HelloRetryRequest is skipped to the real ServerHello.
/// </summary>
internal sealed class TlsHelloSniffer
{
    private const int Limit = 16 * 1024;
    private const byte HandshakeRecord = 22;
    private const byte ClientHello = 1;
    private const byte ServerHello = 2;
    private const ushort PreSharedKey = 0x0029;
    private const ushort SupportedVersions = 0x002b;

    // SHA-256("HelloRetryRequest"): the random of a ServerHello that is really a retry request (RFC 8446 §4.1.3).
    private static readonly byte[] RetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private readonly List<byte> _sent = [];
    private readonly List<byte> _received = [];
    private byte[]? _clientSessionId;

    /// <summary>True when the server resumed the session; false for a full handshake; null until the ServerHello was read.</summary>
    public bool? Resumed { get; private set; }

    public void OnSent(ReadOnlySpan<byte> bytes)
    {
        if (_clientSessionId is not null || _sent.Count >= Limit) return;
        _sent.AddRange(bytes);
        var hello = FirstHandshake(_sent, ClientHello, 0);
        if (hello is null || hello.Length < 35) return;
        int idLength = hello[34];
        if (hello.Length >= 35 + idLength) _clientSessionId = hello.AsSpan(35, idLength).ToArray();
    }

    public void OnReceived(ReadOnlySpan<byte> bytes)
    {
        if (Resumed is not null || _received.Count >= Limit) return;
        _received.AddRange(bytes);
        for (int skip = 0; ; skip++)
        {
            var hello = FirstHandshake(_received, ServerHello, skip);
            if (hello is null) return;
            if (hello.Length >= 34 && hello.AsSpan(2, 32).SequenceEqual(RetryRandom)) continue;
            Resumed = Judge(hello);
            return;
        }
    }

    private bool Judge(byte[] hello)
    {
        int at = 34;
        if (hello.Length < at + 1) return false;
        var sessionId = hello.AsSpan(at + 1, Math.Min(hello[at], hello.Length - at - 1));
        at += 1 + hello[at] + 2 + 1; // session id, cipher suite, compression method
        bool tls13 = false, psk = false;
        if (hello.Length >= at + 2)
        {
            int end = Math.Min(hello.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at)));
            at += 2;
            while (at + 4 <= end)
            {
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at));
                int length = BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at + 2));
                if (type == SupportedVersions && length == 2 && at + 6 <= end) tls13 = BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at + 4)) == 0x0304;
                if (type == PreSharedKey) psk = true;
                at += 4 + length;
            }
        }
        if (tls13) return psk;
        return sessionId.Length > 0 && _clientSessionId is not null && sessionId.SequenceEqual(_clientSessionId);
    }

    /// <summary>
    /// The body of the (skip+1)-th handshake message of type <paramref name="type"/> in the handshake
    /// records at the start of <paramref name="stream"/>, or null if it has not all arrived yet.
    /// </summary>
    private static byte[]? FirstHandshake(List<byte> stream, byte type, int skip)
    {
        // Join the fragments of the leading handshake records, then walk the messages in them.
        var joined = new List<byte>();
        int at = 0;
        while (at + 5 <= stream.Count && stream[at] == HandshakeRecord)
        {
            int length = (stream[at + 3] << 8) | stream[at + 4];
            if (at + 5 + length > stream.Count) break;
            for (int i = 0; i < length; i++) joined.Add(stream[at + 5 + i]);
            at += 5 + length;
        }
        int m = 0;
        while (m + 4 <= joined.Count)
        {
            int length = (joined[m + 1] << 16) | (joined[m + 2] << 8) | joined[m + 3];
            if (m + 4 + length > joined.Count) return null;
            if (joined[m] == type && skip-- == 0) return joined.GetRange(m + 4, length).ToArray();
            m += 4 + length;
        }
        return null;
    }
}
