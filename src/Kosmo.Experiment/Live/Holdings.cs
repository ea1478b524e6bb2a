using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Experiment.Live;

/// <summary>
/// The account's current positions for <c>kosmo predict --holdings FILE</c>: a CSV with header
/// <c>code,shares[,entry_date]</c> (code as text, whole shares ≥ 0, entry date yyyy-MM-dd: when the position was
/// opened, for the strategies' minimum holding period; missing = held long enough).
/// </summary>
internal static class Holdings
{
    /// <summary>Reads the file: code → (shares, entry date or null).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A bad header, line, code, share count or date (file, line and column named).</exception>
    public static Dictionary<string, (long Shares, DateOnly? Entry)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"holdings file '{path}' not found", path);
        }

        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? lines[0].Trim().TrimStart('\uFEFF').Split(',') : [];
        if (header.Length < 2 || header[0] != "code" || header[1] != "shares" || (header.Length > 2 && header[2] != "entry_date"))
        {
            throw new DataValidationException(path, 1, "header", "expected the header 'code,shares' or 'code,shares,entry_date'");
        }

        var result = new Dictionary<string, (long, DateOnly?)>(StringComparer.Ordinal);
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[n].Split(',');
            if (f.Length != header.Length)
            {
                throw new DataValidationException(path, n + 1, "line", $"{f.Length} fields, the header has {header.Length}");
            }

            var code = f[0].Trim();
            if (code.Length == 0 || result.ContainsKey(code))
            {
                throw new DataValidationException(path, n + 1, "code", code.Length == 0 ? "empty code" : $"code {code} listed twice");
            }

            if (!long.TryParse(f[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var shares))
            {
                throw new DataValidationException(path, n + 1, "shares", $"'{f[1]}' is not a whole number of shares ≥ 0");
            }

            DateOnly? entry = null;
            if (f.Length > 2 && f[2].Trim().Length > 0)
            {
                entry = DateOnly.TryParseExact(f[2].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw new DataValidationException(path, n + 1, "entry_date", $"'{f[2]}' is not yyyy-MM-dd");
            }

            if (shares > 0)
            {
                result[code] = (shares, entry);
            }
        }

        return result;
    }
}
