using System.IO.Compression;
using System.Text;
using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>
/// Opens an input file as a stream of UTF-8 bytes: gunzips when the file starts with the gzip magic bytes
/// (whatever its name), strips a UTF-8 byte-order mark, and detects the text encoding from the first
/// 64 KiB: valid UTF-8 is passed through; otherwise a strict CP949 decode is tried and, when it succeeds,
/// the whole file is transcoded to UTF-8 in memory (per-stock CP949 files are small); anything else is a
/// <see cref="DataValidationException"/>.
/// </summary>
internal static class InputDecoder
{
    private const int ProbeSize = 64 * 1024;
    private static readonly UTF8Encoding _strictUtf8 = new(false, true);

    static InputDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Opens <paramref name="path"/>; <paramref name="encodingName"/> is "utf-8" or "cp949".</summary>
    /// <exception cref="DataValidationException">Empty file, corrupt/truncated gzip, or undecodable text.</exception>
    public static Stream Open(string path, out string encodingName)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            if (file.Length == 0)
            {
                throw new DataValidationException(path, 0, "", "the file is empty");
            }

            var magic = new byte[2];
            var isGzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            file.Position = 0;
            Stream raw = isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;

            var probe = new byte[ProbeSize];
            int n;
            try
            {
                n = raw.ReadAtLeast(probe, ProbeSize, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new DataValidationException(path, 0, "", $"corrupt or truncated gzip data ({e.Message})");
            }

            if (n == 0)
            {
                throw new DataValidationException(path, 0, "", isGzip ? "the gzip stream is empty (no header row)" : "the file is empty");
            }

            var skip = n >= 3 && probe[0] == 0xEF && probe[1] == 0xBB && probe[2] == 0xBF ? 3 : 0;
            var head = probe.AsSpan(skip, n - skip);
            var complete = n < ProbeSize ? head : head[..(head.LastIndexOf((byte)'\n') + 1)];
            if (complete.Length == 0)
            {
                complete = head[..Math.Max(0, head.Length - 4)];
            }

            if (System.Text.Unicode.Utf8.IsValid(complete))
            {
                encodingName = "utf-8";
                return new PrefixedStream(probe, skip, n - skip, raw);
            }

            var cp949 = Encoding.GetEncoding(949, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            using var all = new MemoryStream();
            all.Write(probe, skip, n - skip);
            try
            {
                raw.CopyTo(all);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new DataValidationException(path, 0, "", $"corrupt or truncated gzip data ({e.Message})");
            }

            string text;
            try
            {
                text = cp949.GetString(all.GetBuffer(), 0, (int)all.Length);
            }
            catch (DecoderFallbackException)
            {
                throw new DataValidationException(path, 0, "", "unknown text encoding: the bytes are neither valid UTF-8 nor CP949 (EUC-KR)");
            }
            finally
            {
                raw.Dispose();
            }

            encodingName = "cp949";
            return new MemoryStream(_strictUtf8.GetBytes(text), writable: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
