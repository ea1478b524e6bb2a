namespace Kosmo.Core;

/// <summary>
/// The ranking score of a K-class prediction whose classes are ordered from most bearish (0) to most bullish (K−1):
/// the expected class value E[v] = Σ_k v_k p_k with evenly spaced values v_k = (2k − (K−1)) / (K−1) in [−1, 1].
/// Three classes (down, flat, up) give v = (−1, 0, 1), so E[v] = P(up) − P(down), the score Kosmo has always used;
/// four trend-scanning classes (down++, down, up, up++) give v = (−1, −⅓, ⅓, 1), so a confident up++ outranks a
/// confident up. The backtest reads a K-class prediction through its down mass D = Σ_{v_k&lt;0} |v_k| p_k and up mass
/// U = Σ_{v_k&gt;0} v_k p_k (<see cref="Masses"/>): U − D = E[v], and strategies that rank by P(up) rank by U.
/// </summary>
public static class ClassScore
{
    /// <summary>v_k = (2k − (K−1)) / (K−1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">K &lt; 2 or k outside 0..K−1.</exception>
    public static double Value(int k, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, classes);
        return ((2.0 * k) - (classes - 1)) / (classes - 1);
    }

    /// <summary>E[v] = Σ_k v_k p_k over the K = p.Length probabilities (as given, not renormalised).</summary>
    public static double Expected(ReadOnlySpan<double> p)
    {
        double s = 0;
        for (var k = 0; k < p.Length; k++)
        {
            s += Value(k, p.Length) * p[k];
        }

        return s;
    }

    /// <summary>E[v] of float probabilities.</summary>
    public static double Expected(ReadOnlySpan<float> p)
    {
        double s = 0;
        for (var k = 0; k < p.Length; k++)
        {
            s += Value(k, p.Length) * p[k];
        }

        return s;
    }

    /// <summary>Down mass D = Σ_{v_k&lt;0} |v_k| p_k and up mass U = Σ_{v_k&gt;0} v_k p_k (both in [0, 1], D + U ≤ 1 for a distribution).</summary>
    public static (float Down, float Up) Masses(ReadOnlySpan<float> p)
    {
        double down = 0, up = 0;
        for (var k = 0; k < p.Length; k++)
        {
            var v = Value(k, p.Length);
            if (v < 0)
            {
                down -= v * p[k];
            }
            else
            {
                up += v * p[k];
            }
        }

        return ((float)down, (float)up);
    }

    /// <summary>Class names for K classes: down/flat/up for 3, down++/down/up/up++ for 4, class_0..class_{K−1} otherwise.</summary>
    public static IReadOnlyList<string> Names(int classes) => classes switch
    {
        3 => ["down", "flat", "up"],
        4 => ["down++", "down", "up", "up++"],
        _ => [.. Enumerable.Range(0, classes).Select(k => $"class_{k}")],
    };
}
