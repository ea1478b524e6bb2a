using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Models.RunFolder;

/// <summary>
/// Reads and writes <c>RUN/labels.csv</c>: header <c>date,code,label,fwd_return</c>; one row per labelled
/// stock-date of the test folds; label 0 = down, 1 = flat, 2 = up; fwd_return the forward simple return over the
/// label horizon (a finite fraction, 0.05 for +5%) that the label was made from. ISO dates, codes as text,
/// invariant-culture numbers.
/// </summary>
public static class LabelsCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,code,label,fwd_return";

    /// <summary>Writes the rows sorted by (date, code) through a temp file and rename.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="rows">The labels.</param>
    /// <param name="classes">K: labels must lie in 0..K−1 (3: down, flat, up).</param>
    /// <exception cref="ArgumentException">A label outside 0..K−1, a non-finite return or a code with a comma.</exception>
    public static void Write(string path, IEnumerable<LabelRecord> rows, int classes = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        list.Sort(static (a, b) =>
        {
            var c = a.Date.CompareTo(b.Date);
            return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
        });
        foreach (var r in list)
        {
            if (r.Label < 0 || r.Label >= classes || !double.IsFinite(r.FwdReturn) || r.Code.AsSpan().IndexOfAny(",\n\r") >= 0)
            {
                throw new ArgumentException($"Bad label row {r}.", nameof(rows));
            }
        }

        AtomicFile.Write(path, w =>
        {
            w.WriteLine(Header);
            foreach (var r in list)
            {
                w.WriteLine($"{CsvText.Date(r.Date)},{r.Code},{r.Label},{CsvText.Number(r.FwdReturn)}");
            }
        });
    }

    /// <summary>Reads every row in file order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <param name="path">The file.</param>
    /// <param name="classes">K: labels must lie in 0..K−1 (3: down, flat, up; predictions.csv's header tells K).</param>
    /// <exception cref="DataValidationException">Bad header, field count, date, empty code, a label other than 0..K−1,
    /// a non-finite return, or a repeated (date, code); names file, line and column.</exception>
    public static IReadOnlyList<LabelRecord> Read(string path, int classes = 3)
    {
        var rows = new List<LabelRecord>();
        var seen = new HashSet<(DateOnly, string)>();
        foreach (var (line, f) in CsvText.ReadRecords(path, Header, 4))
        {
            var label = classes == 3
                ? f[2] switch
                {
                    "0" => 0,
                    "1" => 1,
                    "2" => 2,
                    _ => throw new DataValidationException(path, line, "label", $"'{f[2]}' is not 0 (down), 1 (flat) or 2 (up)."),
                }
                : int.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c < classes
                    ? c
                    : throw new DataValidationException(path, line, "label", $"'{f[2]}' is not a class 0..{classes - 1}.");
            var r = new LabelRecord(
                CsvText.ParseDate(path, line, "date", f[0]),
                CsvText.ParseText(path, line, "code", f[1]),
                label,
                CsvText.ParseDouble(path, line, "fwd_return", f[3]));
            if (!seen.Add((r.Date, r.Code)))
            {
                throw new DataValidationException(path, line, "code", $"({f[0]}, {r.Code}) appears twice.");
            }

            rows.Add(r);
        }

        return rows;
    }
}
