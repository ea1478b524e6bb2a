namespace Kosmo.Models.Ensemble;

/// <summary>
/// Temperature scaling of class probabilities (Guo et al. 2017) without access to logits: ln p is a logit vector
/// up to a constant, so p_k(T) = p_k^{1/T} / Σ_j p_j^{1/T}. T &gt; 1 softens an over-confident model, T &lt; 1
/// sharpens an under-confident one. Fitted by golden-section search on θ = 1/T ∈ [0.02, 20] minimising the mean
/// validation log loss (convex in θ, so the search finds the minimum within 1e-6 in θ).
/// </summary>
public sealed class TemperatureScaler
{
    private const double MinTheta = 0.02;
    private const double MaxTheta = 20;

    /// <summary>Creates a scaler with a known temperature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">T not positive and finite.</exception>
    public TemperatureScaler(double temperature)
    {
        if (!(temperature > 0) || !double.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive and finite.");
        }

        Temperature = temperature;
    }

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>Fits T on validation rows. probs: (n, 3) row-major; labels: (n) in 0..2.</summary>
    /// <exception cref="ArgumentException">Empty input, length mismatch or a label outside 0..2.</exception>
    public static TemperatureScaler Fit(ReadOnlySpan<double> probs, ReadOnlySpan<int> labels)
    {
        if (labels.Length == 0 || probs.Length != 3 * labels.Length)
        {
            throw new ArgumentException($"Need n > 0 rows: probs has {probs.Length} values for {labels.Length} labels (expected 3n).");
        }

        foreach (var y in labels)
        {
            if (y is < 0 or > 2)
            {
                throw new ArgumentException($"Label {y} is outside 0..2.", nameof(labels));
            }
        }

        var p = probs.ToArray();
        var l = labels.ToArray();
        double a = MinTheta, b = MaxTheta;
        var g = (Math.Sqrt(5) - 1) / 2;
        var c = b - g * (b - a);
        var d = a + g * (b - a);
        double fc = MeanLogLoss(p, l, c), fd = MeanLogLoss(p, l, d);
        while (b - a > 1e-6)
        {
            if (fc <= fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - g * (b - a);
                fc = MeanLogLoss(p, l, c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + g * (b - a);
                fd = MeanLogLoss(p, l, d);
            }
        }

        return new TemperatureScaler(1 / ((a + b) / 2));
    }

    /// <summary>Scales one row in place. p: (3).</summary>
    public void Apply(Span<double> p) => Scale(p, 1 / Temperature);

    /// <summary>Mean log loss of rows probs (n, 3) against labels (n) after scaling with θ = 1/T.</summary>
    public static double MeanLogLoss(double[] probs, int[] labels, double theta)
    {
        ArgumentNullException.ThrowIfNull(probs);
        ArgumentNullException.ThrowIfNull(labels);
        Span<double> row = stackalloc double[3];
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            probs.AsSpan(3 * i, 3).CopyTo(row);
            Scale(row, theta);
            sum += ProbabilityMath.LogLoss(row, labels[i]);
        }

        return sum / labels.Length;
    }

    private static void Scale(Span<double> p, double theta)
    {
        double max = double.NegativeInfinity;
        Span<double> lp = stackalloc double[3];
        for (var k = 0; k < 3; k++)
        {
            lp[k] = theta * Math.Log(Math.Max(p[k], ProbabilityMath.MinProbability));
            max = Math.Max(max, lp[k]);
        }

        double z = 0;
        for (var k = 0; k < 3; k++)
        {
            p[k] = Math.Exp(lp[k] - max);
            z += p[k];
        }

        for (var k = 0; k < 3; k++)
        {
            p[k] /= z;
        }
    }
}
