using System.Buffers.Binary;
using System.IO.Compression;

namespace Kosmo.Data.Download;

/// <summary>
/// Cheap whole-file checks of a downloaded file before it replaces the local copy: a gzip file must decompress to
/// its end and match the uncompressed size in its trailer (a truncated body with a correct status fails here); a
/// parquet file must start and end with the <c>PAR1</c> magic. Other files pass.
/// </summary>
internal static class FileCheck
{
    /// <summary>Returns what is wrong with <paramref name="path"/> (named as <paramref name="name"/> decides the kind), or null when it looks whole.</summary>
    public static string? Problem(string path, string name)
    {
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return GzipProblem(path);
        }

        if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return ParquetProblem(path);
        }

        return null;
    }

    private static string? GzipProblem(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 18)
        {
            return $"the gzip file has only {length} bytes";
        }

        long total = 0;
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gz.Read(buffer)) > 0)
            {
                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            return $"the gzip stream is damaged ({e.Message})";
        }

        Span<byte> trailer = stackalloc byte[4];
        using (var file = File.OpenRead(path))
        {
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
        }

        var isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return isize == (uint)total ? null : $"the gzip stream ends early ({total:N0} bytes decompressed, its trailer says {isize:N0})";
    }

    private static string? ParquetProblem(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length < 12)
        {
            return $"the parquet file has only {file.Length} bytes";
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        file.ReadExactly(head);
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(tail);
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8) ? null : "the parquet file lacks its PAR1 magic at the start or end (truncated or not parquet)";
    }
}
