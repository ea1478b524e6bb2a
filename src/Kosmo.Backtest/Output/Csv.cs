using System.Globalization;
using System.Text;
using Kosmo.Core.IO;

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

    /// <summary>Writes atomically (<see cref="AtomicFile"/>), so readers never see half a file.</summary>
    public static void WriteAtomic(string path, Action<TextWriter> write) => AtomicFile.Write(path, write);
}
