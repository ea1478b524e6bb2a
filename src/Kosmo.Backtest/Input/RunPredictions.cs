using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Backtest.Input;

/// <summary>
/// Streams a run folder's predictions.csv (<c>date,code,model,p_down,p_flat,p_up</c>, DESIGN contract) straight into
/// one <see cref="SignalMatrix"/> per model, without holding the rows. Rows whose date or code the panel lacks are
/// skipped and counted. A K-class file (<c>date,code,model,p_0,...,p_{K−1}</c>, class 0 the most bearish) is read
/// through the down and up masses of <see cref="ClassScore.Masses"/>, so the score P(up) − P(down) is the expected
/// class value.
/// </summary>
public static class RunPredictions
{
    /// <summary>The exact header line.</summary>
    public const string Header = "date,code,model,p_down,p_flat,p_up";

    /// <summary>Reads the models in <paramref name="models"/> (null = every model), aligned to the panel.</summary>
    /// <returns>Model name → signals (T, N), and the number of rows skipped (off the panel).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">Bad header, field count, date or probability (file, line, column).</exception>
    public static (IReadOnlyDictionary<string, SignalMatrix> Signals, long Skipped) Load(string path, Panel panel, IReadOnlySet<string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!File.Exists(path)) { throw new FileNotFoundException($"{path} does not exist.", path); }
        var (T, N) = (panel.DateCount, panel.CodeCount);
        var arrays = new Dictionary<string, (float[] Up, float[] Down)>(StringComparer.Ordinal);
        var dateCache = new Dictionary<string, int>(StringComparer.Ordinal);
        var codeCache = new Dictionary<string, int>(StringComparer.Ordinal);
        long skipped = 0;
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        var classes = header == Header ? 3 : ClassesOf(header);
        if (classes < 2) { throw new DataValidationException(path, 1, "", $"header must be '{Header}' or 'date,code,model,p_0,...,p_{{K-1}}' (got '{header}')."); }
        var p = new float[classes];
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) { continue; }
            var f = text.Split(',');
            if (f.Length != 3 + classes) { throw new DataValidationException(path, line, "", $"expected {3 + classes} comma-separated fields, found {f.Length}."); }
            if (models is not null && !models.Contains(f[2])) { continue; }
            if (!dateCache.TryGetValue(f[0], out var t))
            {
                if (!DateOnly.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new DataValidationException(path, line, "date", $"'{f[0]}' is not a yyyy-MM-dd date.");
                }

                t = panel.IndexOfDate(date);
                dateCache[f[0]] = t;
            }

            if (!codeCache.TryGetValue(f[1], out var i))
            {
                i = panel.IndexOfCode(f[1]);
                codeCache[f[1]] = i;
            }

            float down, up;
            if (classes == 3)
            {
                down = Probability(path, line, "p_down", f[3]);
                up = Probability(path, line, "p_up", f[5]);
            }
            else
            {
                for (var k = 0; k < classes; k++)
                {
                    p[k] = Probability(path, line, $"p_{k}", f[3 + k]);
                }

                (down, up) = ClassScore.Masses(p);
            }

            if (t < 0 || i < 0)
            {
                skipped++;
                continue;
            }

            if (!arrays.TryGetValue(f[2], out var a))
            {
                a = (new float[T * N], new float[T * N]);
                Array.Fill(a.Up, float.NaN);
                Array.Fill(a.Down, float.NaN);
                arrays[f[2]] = a;
            }

            a.Up[(t * N) + i] = up;
            a.Down[(t * N) + i] = down;
        }

        var result = arrays.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => new SignalMatrix(T, N, p.Value.Up, p.Value.Down), StringComparer.Ordinal);
        return (result, skipped);
    }

    private static float Probability(string path, int line, string column, string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0f && v <= 1f
            ? v
            : throw new DataValidationException(path, line, column, $"'{text}' is not a probability in [0, 1].");

    /// <summary>K of a 'date,code,model,p_0,...,p_{K−1}' header (K ≥ 2, not 3), else 0.</summary>
    private static int ClassesOf(string? header)
    {
        if (header is null || !header.StartsWith("date,code,model,", StringComparison.Ordinal))
        {
            return 0;
        }

        var k = header.Split(',').Length - 3;
        var expected = "date,code,model," + string.Join(',', Enumerable.Range(0, k).Select(c => $"p_{c}"));
        return k >= 2 && k != 3 && header == expected ? k : 0;
    }
}
