using System.Globalization;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Labels;

/// <summary>Reads a committed numeric fixture under tests/fixtures/labels (header row, comma separated, "NaN" allowed).</summary>
internal static class FixtureCsv
{
    public static double[][] Read(string name)
    {
        var lines = File.ReadAllLines(TestData.Fixture("labels", name));
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
    }
}
