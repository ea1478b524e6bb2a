namespace Kosmo.Core.IO;

/// <summary>
/// The one reader and writer of <c>predictions.csv</c> (the run folder's, a cell's and the out-of-time one): header
/// <c>date,code,model,p_down,p_flat,p_up</c>, one row per (date, code, model), ISO dates, codes as text (leading zeros
/// kept), invariant-culture numbers in their shortest round-trip form, '\n' line ends. A run whose label method has
/// K ≠ 3 classes writes <c>date,code,model,p_0,...,p_{K−1}</c> instead (<see cref="HeaderFor"/>; class 0 the most
/// bearish, e.g. down++, down, up, up++ for four trend-scanning classes). Every reader (the evaluation, the backtest,
/// the report) goes through <see cref="Stream"/>, so the rules and the errors (file, line, column, problem) are the same.
/// </summary>
public static class PredictionsCsv
{
    /// <summary>The exact header line of a three-class file.</summary>
    public const string Header = "date,code,model,p_down,p_flat,p_up";

    private static readonly string[] Columns3 = ["p_down", "p_flat", "p_up"];

    /// <summary>How far the probabilities of a row may sum from 1.</summary>
    public const double SumTolerance = 0.02;

    /// <summary>The header for K classes: <see cref="Header"/> for 3, else <c>date,code,model,p_0,...,p_{K−1}</c>.</summary>
    public static string HeaderFor(int classes) =>
        classes == 3 ? Header : "date,code,model," + string.Join(',', Enumerable.Range(0, classes).Select(k => $"p_{k}"));

    /// <summary>K of a predictions.csv header line (3 for <see cref="Header"/>), or null when it is neither form.</summary>
    public static int? ClassesOf(string headerLine)
    {
        ArgumentNullException.ThrowIfNull(headerLine);
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

        AtomicFile.Write(path, w =>
        {
            w.WriteLine(HeaderFor(classes));
            foreach (var r in list)
            {
                if (classes == 3)
                {
                    w.WriteLine($"{CsvText.Date(r.Date)},{r.Code},{r.Model},{CsvText.Number(r.PDown)},{CsvText.Number(r.PFlat)},{CsvText.Number(r.PUp)}");
                    continue;
                }

                w.Write($"{CsvText.Date(r.Date)},{r.Code},{r.Model}");
                foreach (var p in r.ClassProbabilities!)
                {
                    w.Write(',');
                    w.Write(CsvText.Number(p));
                }

                w.WriteLine();
            }
        });
    }

    /// <summary>Reads every row in file order (three classes, or K classes under a <see cref="HeaderFor"/> header).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A bad row (<see cref="Stream"/>) or a repeated (date, code, model); names file, line and column.</exception>
    public static IReadOnlyList<PredictionRecord> Read(string path)
    {
        var rows = new List<PredictionRecord>();
        var seen = new HashSet<(DateOnly, string, string)>();
        foreach (var (line, r) in Stream(path))
        {
            if (!seen.Add((r.Date, r.Code, r.Model)))
            {
                throw new DataValidationException(path, line, "code", $"({CsvText.Date(r.Date)}, {r.Code}, {r.Model}) appears twice.");
            }

            rows.Add(r);
        }

        return rows;
    }

    /// <summary>The distinct models of the file in ordinal order, reading only the model column (the header and each row's field count are checked).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A header of neither form, or a row with the wrong number of fields.</exception>
    public static IReadOnlyList<string> Models(string path)
    {
        var classes = ClassesOfFile(path);
        var models = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, f) in CsvText.ReadRecords(path, HeaderFor(classes), 3 + classes))
        {
            models.Add(f[2]);
        }

        return [.. models];
    }

    /// <summary>
    /// Streams the rows (1-based line number, row) in file order without holding them, for files of millions of rows.
    /// Each row is checked: the field count, a yyyy-MM-dd date, a non-empty code and model, probabilities in [0, 1]
    /// summing to 1 ± <see cref="SumTolerance"/>. Rows of models outside <paramref name="models"/> are skipped
    /// unparsed (only their field count is checked). A repeated (date, code, model) is not checked here (<see cref="Read"/> does).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="models">The models to read; null reads every model.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A header of neither form, or a bad row; names file, line and column.</exception>
    public static IEnumerable<(int Line, PredictionRecord Row)> Stream(string path, IReadOnlySet<string>? models = null)
    {
        var classes = ClassesOfFile(path);
        return Iterate(path, classes, models);
    }

    private static int ClassesOfFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }

        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        return ClassesOf(header.TrimStart('\uFEFF'))
            ?? throw new DataValidationException(path, 1, "", $"expected the header '{Header}' or 'date,code,model,p_0,...,p_{{K-1}}' (K classes), found '{DataValidationException.Clip(header)}'.");
    }

    private static IEnumerable<(int Line, PredictionRecord Row)> Iterate(string path, int classes, IReadOnlySet<string>? models)
    {
        var names = Enumerable.Range(0, classes).Select(k => classes == 3 ? Columns3[k] : $"p_{k}").ToArray();
        var dates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var p = new float[classes];
        foreach (var (line, f) in CsvText.ReadRecords(path, HeaderFor(classes), 3 + classes))
        {
            if (models is not null && !models.Contains(f[2]))
            {
                continue;
            }

            if (!dates.TryGetValue(f[0], out var date))
            {
                date = CsvText.ParseDate(path, line, "date", f[0]);
                dates[f[0]] = date;
            }

            var code = CsvText.ParseText(path, line, "code", f[1]);
            var model = CsvText.ParseText(path, line, "model", f[2]);
            double sum = 0;
            for (var k = 0; k < classes; k++)
            {
                p[k] = CsvText.ParseProbability(path, line, names[k], f[3 + k]);
                sum += p[k];
            }

            if (Math.Abs(sum - 1.0) > SumTolerance)
            {
                throw new DataValidationException(path, line, names[^1], $"probabilities sum to {sum:0.####}, not 1.");
            }

            yield return (line, PredictionRecord.FromClasses(date, code, model, p));
        }
    }

}
