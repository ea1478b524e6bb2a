using Kosmo.Core;

namespace Kosmo.Features.Tests.Labels;

/// <summary>Universe masks for the cross-sectional label tests.</summary>
internal static class LabelMasks
{
    /// <summary>About 80% of cells are members, seeded.</summary>
    public static bool[] Pseudo(Panel panel, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, panel.DateCount * panel.CodeCount).Select(_ => rng.NextDouble() < 0.8)];
    }
}
