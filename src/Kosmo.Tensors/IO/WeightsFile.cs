using System.Buffers.Binary;
using System.Text;
using Kosmo.Core.IO;

namespace Kosmo.Tensors.IO;

/// <summary>
/// Versioned binary file of named float32 tensors with a CRC-32 checksum. Layout (little-endian):
/// "KOSMOWTS" (8 bytes), version u32 (=1), count u32, then per tensor: name length u16, UTF-8 name, rank u8,
/// dims i32 × rank, values f32 × size; finally CRC-32 (IEEE) u32 of every preceding byte. Written through
/// <see cref="AtomicFile"/> (temporary file and rename), so a crash never leaves a half-written file under the final name.
/// </summary>
public static class WeightsFile
{
    /// <summary>The format version written.</summary>
    public const uint Version = 1;

    private static readonly byte[] Magic = "KOSMOWTS"u8.ToArray();

    /// <summary>Writes the parameters (by <see cref="Parameter.Name"/>).</summary>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public static void Save(string path, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Save(path, parameters.Select(p => new KeyValuePair<string, Tensor>(p.Name, p)));
    }

    /// <summary>Writes named tensors in the given order.</summary>
    /// <exception cref="ArgumentException">Duplicate or over-long names.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var dup = list.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new ArgumentException($"Weights file {path}: duplicate tensor name '{dup.Key}'.");
        }

        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write((uint)list.Count);
            foreach (var (name, t) in list)
            {
                var nb = Encoding.UTF8.GetBytes(name);
                if (nb.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Weights file {path}: tensor name too long ({nb.Length} bytes).");
                }

                w.Write((ushort)nb.Length);
                w.Write(nb);
                w.Write((byte)t.Rank);
                foreach (var d in t.ShapeRef)
                {
                    w.Write(d);
                }

                foreach (var v in t.Span)
                {
                    w.Write(v);
                }
            }
        }

        var body = ms.ToArray();
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.Compute(body));
        AtomicFile.WriteBytes(path, fs =>
        {
            fs.Write(body);
            fs.Write(crc);
        });
    }

    /// <summary>Reads every tensor, in file order.</summary>
    /// <exception cref="InvalidDataException">Bad magic, unknown version, checksum mismatch or truncation (message names the file).</exception>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 20 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Weights file {path}: not a Kosmo weights file (bad magic or shorter than a header).");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        var actual = Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4));
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version)
        {
            throw new InvalidDataException($"Weights file {path}: format version {version}, this build reads version {Version}.");
        }

        if (stored != actual)
        {
            throw new InvalidDataException($"Weights file {path}: checksum mismatch (stored {stored:X8}, computed {actual:X8}); the file is corrupted or truncated.");
        }

        var result = new List<KeyValuePair<string, Tensor>>();
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 16, bytes.Length - 20), Encoding.UTF8);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
            for (var i = 0; i < count; i++)
            {
                var name = Encoding.UTF8.GetString(r.ReadBytes(r.ReadUInt16()));
                var rank = r.ReadByte();
                var shape = new int[rank];
                for (var d = 0; d < rank; d++)
                {
                    shape[d] = r.ReadInt32();
                }

                var data = new float[Tensor.Product(Tensor.CheckShape(shape))];
                for (var j = 0; j < data.Length; j++)
                {
                    data[j] = r.ReadSingle();
                }

                result.Add(new(name, new Tensor(data, shape)));
            }
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"Weights file {path}: malformed tensor table ({e.Message}).", e);
        }

        return result;
    }

    /// <summary>
    /// Copies the file's tensors into <paramref name="parameters"/> by name. Every parameter must be present with the
    /// same shape and the file must hold no other tensors.
    /// </summary>
    /// <exception cref="InvalidDataException">Corruption, or names/shapes that do not match (all mismatches listed).</exception>
    public static void Load(string path, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var file = Read(path).ToDictionary(t => t.Key, t => t.Value);
        var ps = parameters.ToList();
        var problems = new List<string>();
        foreach (var p in ps)
        {
            if (!file.TryGetValue(p.Name, out var t))
            {
                problems.Add($"missing '{p.Name}'");
            }
            else if (!t.ShapeRef.SequenceEqual(p.ShapeRef))
            {
                problems.Add($"'{p.Name}' has shape {Tensor.ShapeText(t.ShapeRef)} in the file but {Tensor.ShapeText(p.ShapeRef)} in the model");
            }
        }

        problems.AddRange(file.Keys.Except(ps.Select(p => p.Name)).Select(n => $"unexpected '{n}'"));
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Weights file {path} does not match the model: {string.Join("; ", problems)}.");
        }

        foreach (var p in ps)
        {
            file[p.Name].Span.CopyTo(p.Span);
        }
    }
}
