using System.Globalization;
using Kosmo.Models.Abstractions;

namespace Kosmo.Models.Tests.Baselines;

/// <summary>Reads the logistic-regression fixtures (date,code,label,weight,f0..) written by tools/eval_logit_reference.py.</summary>
internal static class TabularFixture
{
    public static TabularSet Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var names = header[4..];
        var n = lines.Length - 1;
        var features = new float[n * names.Length];
        var labels = new int[n];
        var weights = new float[n];
        var dates = new DateOnly[n];
        var codes = new string[n];
        for (var i = 0; i < n; i++)
        {
            var f = lines[i + 1].Split(',');
            dates[i] = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            codes[i] = f[1];
            labels[i] = int.Parse(f[2], CultureInfo.InvariantCulture);
            weights[i] = float.Parse(f[3], CultureInfo.InvariantCulture);
            for (var k = 0; k < names.Length; k++)
            {
                var text = f[4 + k];
                features[(i * names.Length) + k] = text.Length == 0 ? float.NaN : float.Parse(text, CultureInfo.InvariantCulture);
            }
        }

        return new TabularSet(names, features, labels, weights, dates, codes);
    }
}
