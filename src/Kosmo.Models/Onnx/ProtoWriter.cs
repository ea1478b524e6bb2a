using System.Buffers.Binary;
using System.Text;

namespace Kosmo.Models.Onnx;

/// <summary>
/// The protocol-buffers wire format, write side only, for the few messages of onnx.proto an exported graph needs:
/// varints (wire type 0), fixed 32-bit floats (5) and length-delimited bytes, strings and sub-messages (2). Messages
/// are built bottom-up: a sub-message is written to its own writer and embedded with <see cref="Message"/>.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    /// <summary>The encoded message so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>An int64 / int32 / enum field (negative values as ten-byte two's-complement varints, as protobuf does).</summary>
    public ProtoWriter Int(int field, long value)
    {
        Tag(field, 0);
        Varint(unchecked((ulong)value));
        return this;
    }

    /// <summary>A float field (fixed32, little-endian).</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtoWriter Message(int field, ProtoWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bytes(field, message.ToArray());
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
