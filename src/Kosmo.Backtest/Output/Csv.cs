using System.Globalization;
using System.Text;

namespace Kosmo.Backtest.Output;

/// <summary>Deterministic CSV number formatting and atomic writes (temp file + rename).</summary>
internal static class Csv
{
    /// <summary>Shortest round-trip invariant form; empty for NaN/infinite.</summary>
    public static string Num(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>yyyy-MM-dd.</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Quotes a field when it holds a comma, quote or newline.</summary>
    public static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>Writes the text to path.tmp then renames it over path, so readers never see half a file.</summary>
    public static void WriteAtomic(string path, Action<TextWriter> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) { Directory.CreateDirectory(dir); }
        var tmp = path + ".tmp";
        try
        {
            using (var w = new StreamWriter(tmp, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                write(w);
            }

            File.Move(tmp, path, true);
        }
        finally
        {
            if (File.Exists(tmp)) { File.Delete(tmp); }
        }
    }
}
