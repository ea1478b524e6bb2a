namespace Kosmo.Models.RunFolder;

/// <summary>
/// Reads and writes <c>RUN/predictions.csv</c>: header <c>date,code,model,p_down,p_flat,p_up</c>, one row per
/// (date, code, model), ISO dates, codes as text, invariant-culture numbers, '\n' line ends.
/// </summary>
public static class PredictionsCsv
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,code,model,p_down,p_flat,p_up";

    /// <summary>Writes the rows sorted by (model, date, code) through a temp file and rename.</summary>
    /// <param name="path">Target file (its folder is created).</param>
    /// <param name="rows">The predictions; a code or model must not contain a comma.</param>
    /// <exception cref="ArgumentException">A code or model contains a comma or a line break.</exception>
    public static void Write(string path, IEnumerable<PredictionRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
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
        }

        CsvText.WriteAtomically(path, w =>
        {
            w.WriteLine(Header);
            foreach (var r in list)
            {
                w.WriteLine($"{CsvText.Date(r.Date)},{r.Code},{r.Model},{CsvText.F(r.PDown)},{CsvText.F(r.PFlat)},{CsvText.F(r.PUp)}");
            }
        });
    }

    /// <summary>Reads every row in file order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Kosmo.Core.DataValidationException">Bad header, field count, date, empty code/model, a probability
    /// outside [0, 1], probabilities not summing to 1 ± 0.02, or a repeated (date, code, model); names file, line and column.</exception>
    public static IReadOnlyList<PredictionRecord> Read(string path)
    {
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
}
