using Kosmo.Features.Splits;
using Kosmo.Features.Tests.Labels;

namespace Kosmo.Features.Tests.Splits;

internal static class SplitTestData
{
    /// <summary>Random (date, code) samples: several codes a day over <paramref name="days"/> weekdays from 2019, windows of 1..maxH days.</summary>
    public static LabeledSamples Random(int seed, int days = 700, int maxH = 20)
    {
        var rng = new Random(seed);
        var dates = TestPanels.Weekdays(new DateOnly(2019, 1, 2), days);
        var start = new List<int>();
        var end = new List<int>();
        var code = new List<int>();
        for (var t = 0; t < days - maxH; t++)
        {
            for (var i = 0; i < 4; i++)
            {
                if (rng.NextDouble() < 0.7)
                {
                    start.Add(t);
                    end.Add(t + rng.Next(1, maxH + 1));
                    code.Add(i);
                }
            }
        }

        return new LabeledSamples(dates, start.ToArray(), end.ToArray(), code.ToArray());
    }

    /// <summary>Asserts the purging contract: train and test disjoint; no train window [t, T1] meets a test period [first, max T1]; no train start inside an embargo.</summary>
    public static void AssertPurged(LabeledSamples s, Split split, int embargo)
    {
        split.Train.Intersect(split.Test).Should().BeEmpty();
        var periods = split.TestBlocks.Select(b =>
        {
            var inBlock = split.Test.Where(j => s.Start[j] >= b.First && s.Start[j] <= b.Last).ToArray();
            return (First: b.First, Last: inBlock.Length == 0 ? b.Last : Math.Max(b.Last, inBlock.Max(j => s.End[j])));
        }).ToArray();
        // Dates covered by any test label window [t, T1], as a prefix sum for O(1) interval queries.
        var days = s.Dates.Length + 1;
        var covered = new int[days + 1];
        foreach (var k in split.Test)
        {
            for (var d = s.Start[k]; d <= s.End[k]; d++)
            {
                covered[d + 1] = 1;
            }
        }

        for (var d = 1; d <= days; d++)
        {
            covered[d] += covered[d - 1];
        }

        var violations = new List<string>();
        foreach (var j in split.Train)
        {
            foreach (var p in periods)
            {
                if (!(s.End[j] < p.First || s.Start[j] > p.Last))
                {
                    violations.Add($"train [{s.Start[j]}, {s.End[j]}] overlaps test period [{p.First}, {p.Last}]");
                }

                if (s.Start[j] > p.Last && s.Start[j] <= p.Last + embargo)
                {
                    violations.Add($"train start {s.Start[j]} inside the embargo after {p.Last}");
                }
            }

            if (covered[s.End[j] + 1] - covered[s.Start[j]] > 0)
            {
                violations.Add($"train [{s.Start[j]}, {s.End[j]}] intersects a test label window");
            }
        }

        violations.Should().BeEmpty(split.Name);
    }
}
