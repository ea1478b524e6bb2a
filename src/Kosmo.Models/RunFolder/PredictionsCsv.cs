using Kosmo.Core.IO;

namespace Kosmo.Models.RunFolder;

/// <summary>
/// Reads and writes <c>RUN/predictions.csv</c>: header <c>date,code,model,p_down,p_flat,p_up</c>, one row per
/// (date, code, model), ISO dates, codes as text, invariant-culture numbers, '\n' line ends. A run whose label
/// method has K ≠ 3 classes writes <c>date,code,model,p_0,...,p_{K−1}</c> instead (<see cref="HeaderFor"/>; class 0
/// the most bearish, e.g. down++, down, up, up++ for four trend-scanning classes).
/// </summary>
public static class PredictionsCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,code,model,p_down,p_flat,p_up";

    /// <summary>The header for K classes: <see cref="Header"/> for 3, else <c>date,code,model,p_0,...,p_{K−1}</c>.</summary>
    public static string HeaderFor(int classes) =>
        classes == 3 ? Header : "date,code,model," + string.Join(',', Enumerable.Range(0, classes).Select(k => $"p_{k}"));

    /// <summary>K of a predictions.csv header line (3 for <see cref="Header"/>), or null when it is neither form.</summary>
    public static int? ClassesOf(string headerLine)
    {
        var h = headerLine.Trim();
        if (h == Header)
        {
            return 3;
        }

        var k = h.Split(',').Length - 3;
        return k >= 2 && k != 3 && h == HeaderFor(k) ? k : null;
    }

    /// <summary>Writes the rows sorted by (model, date, code) through a temp file and rename.</summary>
    /// <param name="path">Target file (its folder is created).</param>
    /// <param name="rows">The predictions; a code or model must not contain a comma.</param>
    /// <exception cref="ArgumentException">A code or model contains a comma or a line break, or rows have different class counts.</exception>
    public static void Write(string path, IEnumerable<PredictionRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var classes = list.Count > 0 ? list[0].Classes : 3;
        list.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Model, b.Model);
            if (c == 0)
            {
                c = a.Date.CompareTo(b.Date);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
        });
        foreach (var r in list)
        {
            if (r.Code.AsSpan().IndexOfAny(",\n\r") >= 0 || r.Model.AsSpan().IndexOfAny(",\n\r") >= 0)
            {
                throw new ArgumentException($"Code '{r.Code}' or model '{r.Model}' contains a comma or line break.", nameof(rows));
            }

            if (r.Classes != classes)
            {
                throw new ArgumentException($"Row ({r.Date:yyyy-MM-dd}, {r.Code}, {r.Model}) has {r.Classes} classes, the first row {classes}.", nameof(rows));
            }
        }

        if (classes != 3)
        {
            AtomicFile.Write(path, w =>
            {
                w.WriteLine(HeaderFor(classes));
                foreach (var r in list)
                {
                    w.Write($"{CsvText.Date(r.Date)},{r.Code},{r.Model}");
                    foreach (var p in r.ClassProbabilities!)
                    {
                        w.Write(',');
                        w.Write(CsvText.Number(p));
                    }

                    w.WriteLine();
                }
            });
            return;
        }

        AtomicFile.Write(path, w =>
        {
            w.WriteLine(Header);
            foreach (var r in list)
            {
                w.WriteLine($"{CsvText.Date(r.Date)},{r.Code},{r.Model},{CsvText.Number(r.PDown)},{CsvText.Number(r.PFlat)},{CsvText.Number(r.PUp)}");
            }
        });
    }

    /// <summary>Reads every row in file order (three classes, or K classes under a <see cref="HeaderFor"/> header).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Kosmo.Core.DataValidationException">Bad header, field count, date, empty code/model, a probability
    /// outside [0, 1], probabilities not summing to 1 ± 0.02, or a repeated (date, code, model); names file, line and column.</exception>
    public static IReadOnlyList<PredictionRecord> Read(string path)
    {
        var classes = File.Exists(path) ? ClassesOf(File.ReadLines(path).FirstOrDefault() ?? "") : null;
        if (classes is { } k && k != 3)
        {
            return ReadClasses(path, k);
        }

        var rows = new List<PredictionRecord>();
        var seen = new HashSet<(DateOnly, string, string)>();
        foreach (var (line, text) in CsvText.ReadLines(path, Header))
        {
            var f = CsvText.Split(path, line, text, 6);
            var r = new PredictionRecord(
                CsvText.ParseDate(path, line, "date", f[0]),
                CsvText.ParseText(path, line, "code", f[1]),
                CsvText.ParseText(path, line, "model", f[2]),
                CsvText.ParseProbability(path, line, "p_down", f[3]),
                CsvText.ParseProbability(path, line, "p_flat", f[4]),
                CsvText.ParseProbability(path, line, "p_up", f[5]));
            var sum = (double)r.PDown + r.PFlat + r.PUp;
            if (Math.Abs(sum - 1.0) > 0.02)
            {
                throw new Kosmo.Core.DataValidationException(path, line, "p_up", $"probabilities sum to {sum:0.####}, not 1.");
            }

            if (!seen.Add((r.Date, r.Code, r.Model)))
            {
                throw new Kosmo.Core.DataValidationException(path, line, "code", $"({f[0]}, {r.Code}, {r.Model}) appears twice.");
            }

            rows.Add(r);
        }

        return rows;
    }

    private static List<PredictionRecord> ReadClasses(string path, int classes)
    {
        var rows = new List<PredictionRecord>();
        var seen = new HashSet<(DateOnly, string, string)>();
        var p = new float[classes];
        foreach (var (line, text) in CsvText.ReadLines(path, HeaderFor(classes)))
        {
            var f = CsvText.Split(path, line, text, 3 + classes);
            double sum = 0;
            for (var k = 0; k < classes; k++)
            {
                p[k] = CsvText.ParseProbability(path, line, $"p_{k}", f[3 + k]);
                sum += p[k];
            }

            if (Math.Abs(sum - 1.0) > 0.02)
            {
                throw new Kosmo.Core.DataValidationException(path, line, $"p_{classes - 1}", $"probabilities sum to {sum:0.####}, not 1.");
            }

            var r = PredictionRecord.FromClasses(
                CsvText.ParseDate(path, line, "date", f[0]),
                CsvText.ParseText(path, line, "code", f[1]),
                CsvText.ParseText(path, line, "model", f[2]),
                p);
            if (!seen.Add((r.Date, r.Code, r.Model)))
            {
                throw new Kosmo.Core.DataValidationException(path, line, "code", $"({f[0]}, {r.Code}, {r.Model}) appears twice.");
            }

            rows.Add(r);
        }

        return rows;
    }
}
