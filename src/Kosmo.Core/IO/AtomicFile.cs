using System.Text;

namespace Kosmo.Core.IO;

/// <summary>
/// The one atomic file writer: the content goes to a hidden temp file beside the target
/// (<c>.NAME.PID.tmp</c>, so two processes never share one), is flushed to disk, then renamed over the target, so a
/// reader sees the old file or the new one, never half of one. The folder is created when absent; on any failure the
/// temp file is removed and the target is left as it was. Text is UTF-8 without BOM with "\n" line ends.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, w => w.Write(text));
    }

    /// <summary>Writes the lines <paramref name="write"/> produces (NewLine "\n") to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteBytes(path, stream =>
        {
            using var w = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(w);
        });
    }

    /// <summary>Writes the bytes <paramref name="write"/> puts on the stream to <paramref name="path"/> atomically.</summary>
    public static void WriteBytes(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = TempPath(full);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) { File.Delete(tmp); }
        }
    }

    /// <summary>The temp file used for <paramref name="fullPath"/> by this process.</summary>
    public static string TempPath(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
}
