using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kosmo.Core.IO;

namespace Kosmo.Models.Training;

/// <summary>
/// Everything needed to resume training bit-exactly after the end of an epoch: weights, best-so-far weights,
/// optimizer state (AdamW moments and step count), epochs done, early-stopping state and the epoch history. The
/// random state needs no bytes: dropout streams and the data order are derived from (seed, epoch).
/// <para>File layout (little-endian): "KOSMOCKP", version u32 (= 1), header length i32, UTF-8 JSON header
/// (<see cref="CheckpointHeader"/>), tensor count u32, per tensor: name length u16, UTF-8 name, length i32, raw f32
/// values; then a CRC-32 (IEEE) u32 of every preceding byte. Written to a temporary file, flushed and renamed.</para>
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>The format version written.</summary>
    public const uint Version = 1;

    private static readonly byte[] Magic = "KOSMOCKP"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Creates a checkpoint from its parts (arrays are kept, not copied).</summary>
    public TrainingCheckpoint(CheckpointHeader header, IReadOnlyList<KeyValuePair<string, float[]>> tensors)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(tensors);
        Header = header;
        Tensors = tensors;
    }

    /// <summary>Scalars and history.</summary>
    public CheckpointHeader Header { get; }

    /// <summary>Named float arrays: "param/{name}", "best/{name}", optimizer buffers ("adam.m/{name}", "adam.v/{name}").</summary>
    public IReadOnlyList<KeyValuePair<string, float[]>> Tensors { get; }

    /// <summary>Writes the checkpoint atomically (temporary file, flush to disk, rename).</summary>
    /// <exception cref="ArgumentException">Duplicate or over-long tensor names.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Tensors.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != Tensors.Count)
        {
            throw new ArgumentException($"Checkpoint {path}: duplicate tensor names.");
        }

        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            var header = JsonSerializer.SerializeToUtf8Bytes(Header, Json);
            w.Write(header.Length);
            w.Write(header);
            w.Write((uint)Tensors.Count);
            foreach (var (name, values) in Tensors)
            {
                var nb = Encoding.UTF8.GetBytes(name);
                if (nb.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Checkpoint {path}: tensor name too long ({nb.Length} bytes).");
                }

                w.Write((ushort)nb.Length);
                w.Write(nb);
                w.Write(values.Length);
                w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }

        ms.Write(BitConverter.GetBytes(0u)); // placeholder for the CRC
        var bytes = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[^4..], Kosmo.Tensors.IO.Crc32.Compute(bytes[..^4]));
        var (buffer, length) = (ms.GetBuffer(), (int)ms.Length);
        AtomicFile.WriteBytes(path, fs => fs.Write(buffer, 0, length));
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="InvalidDataException">Bad magic, other version, checksum mismatch, truncation or a bad header (names the file).</exception>
    public static TrainingCheckpoint Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Checkpoint {path}: not a Kosmo training checkpoint (bad magic or shorter than a header).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version)
        {
            throw new InvalidDataException($"Checkpoint {path}: format version {version}, this build reads version {Version}.");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        var actual = Kosmo.Tensors.IO.Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4));
        if (stored != actual)
        {
            throw new InvalidDataException($"Checkpoint {path}: checksum mismatch (stored {stored:X8}, computed {actual:X8}); the file is corrupted or truncated.");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 12, bytes.Length - 16), Encoding.UTF8);
            var headerLength = r.ReadInt32();
            var header = JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(headerLength), Json)
                ?? throw new InvalidDataException($"Checkpoint {path}: empty header.");
            var count = r.ReadUInt32();
            var tensors = new List<KeyValuePair<string, float[]>>((int)Math.Min(count, 1_000_000));
            for (var i = 0; i < count; i++)
            {
                var name = Encoding.UTF8.GetString(r.ReadBytes(r.ReadUInt16()));
                var length = r.ReadInt32();
                var raw = r.ReadBytes(checked(length * 4));
                if (length < 0 || raw.Length != length * 4)
                {
                    throw new EndOfStreamException($"tensor '{name}' is truncated");
                }

                tensors.Add(new(name, MemoryMarshal.Cast<byte, float>(raw).ToArray()));
            }

            return new TrainingCheckpoint(header, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"Checkpoint {path}: malformed content ({e.Message}).", e);
        }
    }
}
