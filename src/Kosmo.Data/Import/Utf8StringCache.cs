using System.Text;

namespace Kosmo.Data.Import;

/// <summary>
/// Turns repeated short UTF-8 byte strings (codes, names, Dept values) into shared .NET strings, so a
/// million rows of the same 3,000 codes allocate 3,000 strings. Invalid UTF-8 throws.
/// </summary>
internal sealed class Utf8StringCache
{
    private static readonly UTF8Encoding _strict = new(false, true);
    private readonly Dictionary<ulong, (byte[] Bytes, string Value)> _map = [];

    /// <summary>The string for these bytes.</summary>
    /// <exception cref="DecoderFallbackException">The bytes are not valid UTF-8.</exception>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        if (_map.TryGetValue(h, out var hit) && bytes.SequenceEqual(hit.Bytes))
        {
            return hit.Value;
        }

        var value = _strict.GetString(bytes);
        _map.TryAdd(h, (bytes.ToArray(), value));
        return value;
    }
}
