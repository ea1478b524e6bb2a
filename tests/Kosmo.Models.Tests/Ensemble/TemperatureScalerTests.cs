using Kosmo.Models.Ensemble;

namespace Kosmo.Models.Tests.Ensemble;

public sealed class TemperatureScalerTests
{
    private static (double[] Probs, int[] Labels) Rows(SyntheticPredictions data, string model, double sharpness, int seed)
    {
        var rows = data.Member(model, sharpness, 0, seed);
        return (rows.SelectMany(r => new double[] { r.PDown, r.PFlat, r.PUp }).ToArray(), data.Labels.Select(l => l.Label).ToArray());
    }

    [Fact]
    public void Fit_Should_LowerValidationLogLossAndRecoverTheTemperature_When_AModelIsOverConfident()
    {
        // Given a model that outputs softmax(3 · ln q): the true probabilities sharpened by 1/T with T = 1/3
        var data = new SyntheticPredictions(40, 100, seed: 2);
        var (p, y) = Rows(data, "sharp", 3, 1);

        // When a temperature is fitted
        var scaler = TemperatureScaler.Fit(p, y);

        // Then T is near 3 and the validation log loss drops
        scaler.Temperature.Should().BeInRange(2.6, 3.4);
        TemperatureScaler.MeanLogLoss(p, y, 1 / scaler.Temperature).Should().BeLessThan(TemperatureScaler.MeanLogLoss(p, y, 1.0) - 0.05);
    }

    [Fact]
    public void Fit_Should_FindTheGridMinimum_When_ComparedWithABruteForceSearch()
    {
        // Given an under-confident model (softmax(0.5 · ln q))
        var data = new SyntheticPredictions(20, 50, seed: 5);
        var (p, y) = Rows(data, "soft", 0.5, 2);

        // When fitted by golden section and by a 4,000-point grid over θ = 1/T ∈ [0.02, 20]
        var theta = 1 / TemperatureScaler.Fit(p, y).Temperature;
        var grid = Enumerable.Range(0, 4000).Select(i => 0.02 + i * (20 - 0.02) / 3999).MinBy(t => TemperatureScaler.MeanLogLoss(p, y, t));

        // Then the two agree to the grid spacing and the loss is no worse than the grid's
        theta.Should().BeApproximately(grid, 0.006);
        TemperatureScaler.MeanLogLoss(p, y, theta).Should().BeLessThanOrEqualTo(TemperatureScaler.MeanLogLoss(p, y, grid) + 1e-12);
        (1 / theta).Should().BeLessThan(1, "an under-confident model is sharpened (T < 1)");
    }

    [Fact]
    public void Apply_Should_KeepTheRankingAndSumToOne_When_ARowIsScaled()
    {
        // Given T = 2 and a row
        var scaler = new TemperatureScaler(2);
        Span<double> row = [0.7, 0.2, 0.1];

        // When scaled
        scaler.Apply(row);

        // Then p_k ∝ p_k^(1/2)
        var z = Math.Sqrt(0.7) + Math.Sqrt(0.2) + Math.Sqrt(0.1);
        row[0].Should().BeApproximately(Math.Sqrt(0.7) / z, 1e-12);
        row[2].Should().BeApproximately(Math.Sqrt(0.1) / z, 1e-12);
        (row[0] + row[1] + row[2]).Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Constructor_Should_Throw_When_TemperatureIsNotPositive()
    {
        var act = () => new TemperatureScaler(0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
