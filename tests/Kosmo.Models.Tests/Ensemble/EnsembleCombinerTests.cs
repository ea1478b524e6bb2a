using Kosmo.Core.IO;
using Kosmo.Models.Ensemble;
using Kosmo.Models.RunFolder;
using Xunit.Abstractions;

namespace Kosmo.Models.Tests.Ensemble;

public sealed class EnsembleCombinerTests(ITestOutputHelper output)
{
    private static readonly EnsembleMethod[] _methods = Enum.GetValues<EnsembleMethod>();
    private static readonly string[] _abc = ["a", "b", "c"];

    [Fact]
    public void RowWeights_Should_SumToOne_When_AnyMethodAndAnySubsetOfMembersIsPresent()
    {
        // Given a combiner over three members
        var data = new SyntheticPredictions(20, 30, seed: 1);
        var combiner = EnsembleCombiner.Fit(
            [.. data.Member("a", 1, 0.3, 2), .. data.Member("b", 0.5, 1, 3), .. data.Uniform("c")], data.Labels);
        double[] probs = [0.7, 0.2, 0.1, 0.3, 0.3, 0.4, 1 / 3.0, 1 / 3.0, 1 / 3.0];

        foreach (var method in _methods)
        {
            foreach (var present in new[] { new[] { true, true, true }, [true, false, true], [false, true, false] })
            {
                // When the weights of a row are asked for
                var w = combiner.RowWeights(probs, present, method);

                // Then they are non-negative, zero for absent members and sum to 1
                w.Sum().Should().BeApproximately(1.0, 1e-12, $"{method}");
                w.Should().OnlyContain(v => v >= 0);
                w.Where((_, m) => !present[m]).All(v => v == 0).Should().BeTrue();
            }
        }
    }

    [Fact]
    public void Combine_Should_LetAPerfectModelDominate_When_ItsValidationLossIsFarLowest()
    {
        // Given a perfect member (0.98 on the true label) and two ordinary ones
        var val = new SyntheticPredictions(20, 50, seed: 4);
        var combiner = EnsembleCombiner.Fit(
            [.. val.Perfect("perfect"), .. val.Member("good", 1, 0.3, 5), .. val.Member("noisy", 0.5, 1, 6)], val.Labels);

        // When the loss-based weights are taken
        var w = combiner.RowWeights(new double[9], [true, true, true], EnsembleMethod.InverseLogLoss);
        var members = combiner.Members.ToList();

        // Then the perfect member is the best and carries nearly all weight
        combiner.BestMember.Should().Be("perfect");
        w[members.IndexOf("perfect")].Should().BeGreaterThan(0.999);
    }

    [Fact]
    public void Fit_Should_GiveAnUninformativeModelLowWeight_When_OthersAreInformative()
    {
        // Given two informative members and a uniform one
        var val = new SyntheticPredictions(20, 50, seed: 7);
        var combiner = EnsembleCombiner.Fit(
            [.. val.Member("good", 1, 0.3, 8), .. val.Member("fair", 0.7, 0.5, 9), .. val.Uniform("uniform")], val.Labels);
        var members = combiner.Members.ToList();
        var u = members.IndexOf("uniform");

        // When weights are computed by validation loss (exponential and reciprocal) and by entropy
        var exp = combiner.RowWeights(new double[9], [true, true, true], EnsembleMethod.InverseLogLoss);
        var reciprocal = EnsembleCombiner.Fit(
            [.. val.Member("good", 1, 0.3, 8), .. val.Member("fair", 0.7, 0.5, 9), .. val.Uniform("uniform")], val.Labels, new EnsembleOptions(Reciprocal: true))
            .RowWeights(new double[9], [true, true, true], EnsembleMethod.InverseLogLoss);
        double[] row = [0.6, 0.3, 0.1, 0.5, 0.3, 0.2, 1 / 3.0, 1 / 3.0, 1 / 3.0];
        var entropy = combiner.RowWeights(row, [true, true, true], EnsembleMethod.Entropy);

        // Then the uniform member gets the smallest weight in every rule, and a tiny one under exp(−β·ΔL)
        exp[u].Should().BeLessThan(0.01);
        reciprocal[u].Should().Be(reciprocal.Min());
        entropy[u].Should().Be(entropy.Min());
        combiner.BestMember.Should().Be("good");
    }

    [Fact]
    public void Combine_Should_ScoreAtMostTheMeanMemberLogLoss_When_MembersAreDiverse()
    {
        // Given three members with independent errors, fitted on a validation set and applied to a test set
        var val = new SyntheticPredictions(30, 50, seed: 10);
        var test = new SyntheticPredictions(30, 50, seed: 11);
        PredictionRecord[] Members(SyntheticPredictions s) =>
            [.. s.Member("a", 0.9, 0.6, 12), .. s.Member("b", 0.8, 0.7, 13), .. s.Member("c", 1.2, 0.8, 14)];
        var combiner = EnsembleCombiner.Fit(Members(val), val.Labels);
        var testRows = Members(test);
        var memberLoss = _abc.Select(m => test.LogLoss(testRows.Where(r => r.Model == m).ToArray())).ToArray();

        foreach (var method in new[] { EnsembleMethod.Equal, EnsembleMethod.InverseLogLoss, EnsembleMethod.Entropy })
        {
            // When the members are combined
            var combined = combiner.Combine(testRows, method);

            // Then there is one row per (date, code), named after the method, and its log loss is <= the members' mean
            combined.Should().HaveCount(test.Keys.Length);
            combined.Should().OnlyContain(r => r.Model == EnsembleCombiner.DefaultName(method));
            output.WriteLine($"{method}: test log loss {test.LogLoss(combined):F4}; members {string.Join(", ", memberLoss.Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
            test.LogLoss(combined).Should().BeLessThanOrEqualTo(memberLoss.Average(), $"{method}");
        }

        // And the best-single rule reproduces the best member's temperature-scaled rows
        var best = combiner.Combine(testRows, EnsembleMethod.BestSingle);
        var bestRows = testRows.Where(r => r.Model == combiner.BestMember).OrderBy(r => r.Date).ThenBy(r => r.Code, StringComparer.Ordinal).ToArray();
        var scaler = new TemperatureScaler(combiner.Temperatures[combiner.BestMember]);
        for (var i = 0; i < best.Count; i++)
        {
            double[] p = [bestRows[i].PDown, bestRows[i].PFlat, bestRows[i].PUp];
            scaler.Apply(p);
            best[i].Model.Should().Be("ensemble_best");
            best[i].PUp.Should().BeApproximately((float)p[2], 1e-6f);
        }

        output.WriteLine($"best member {combiner.BestMember}: test log loss {test.LogLoss(best):F4}; temperatures {string.Join(", ", combiner.Temperatures.Select(kv => $"{kv.Key}={kv.Value:F3}"))}");
    }

    [Fact]
    public void Combine_Should_PoolOnlyPresentMembers_When_AMemberLacksARow()
    {
        // Given two members, the second missing the test row of code 000000 on the first date
        var val = new SyntheticPredictions(10, 20, seed: 15);
        var combiner = EnsembleCombiner.Fit([.. val.Member("a", 1, 0.3, 1), .. val.Member("b", 1, 0.3, 2)], val.Labels, new EnsembleOptions(TemperatureScaling: false));
        var d = new DateOnly(2024, 1, 1);
        PredictionRecord[] test = [new(d, "000000", "a", 0.6f, 0.3f, 0.1f), new(d, "000001", "a", 0.2f, 0.2f, 0.6f), new(d, "000001", "b", 0.4f, 0.4f, 0.2f)];

        // When combined with equal weights
        var rows = combiner.Combine(test, EnsembleMethod.Equal);

        // Then the lone row is member a's, the shared row is the plain average
        rows.Should().HaveCount(2);
        rows[0].PDown.Should().BeApproximately(0.6f, 1e-6f);
        rows[1].PDown.Should().BeApproximately(0.3f, 1e-6f);
        rows[1].PUp.Should().BeApproximately(0.4f, 1e-6f);
    }

    [Fact]
    public void Combine_Should_PoolWithHandComputedEntropyWeights_When_OneMemberIsUniform()
    {
        // Given two members without temperature scaling; on the test row a says (0.7, 0.2, 0.1), b is uniform
        var val = new SyntheticPredictions(10, 20, seed: 16);
        var combiner = EnsembleCombiner.Fit([.. val.Member("a", 1, 0.3, 1), .. val.Uniform("b")], val.Labels, new EnsembleOptions(Gamma: 3, TemperatureScaling: false));
        var d = new DateOnly(2024, 1, 1);
        PredictionRecord[] test = [new(d, "X", "a", 0.7f, 0.2f, 0.1f), new(d, "X", "b", 1 / 3f, 1 / 3f, 1 / 3f)];

        // When pooled by entropy
        var row = combiner.Combine(test, EnsembleMethod.Entropy).Single();

        // Then H_a = 0.801819, H_b = ln 3, w_a = 1 / (1 + e^{−3(H_b − H_a)}) = 0.708969 (by hand), so
        // p_down = 0.708969·0.7 + 0.291031/3 = 0.593289 and p_up = 0.708969·0.1 + 0.291031/3 = 0.167907
        row.PDown.Should().BeApproximately(0.593289f, 2e-6f);
        row.PUp.Should().BeApproximately(0.167907f, 2e-6f);
        row.Model.Should().Be("ensemble_entropy");
    }

    [Fact]
    public void Fit_Should_Throw_When_NoRowIsLabelledAndPredictedByEveryMember()
    {
        var d = new DateOnly(2024, 1, 1);
        PredictionRecord[] rows = [new(d, "A", "m1", 0.3f, 0.3f, 0.4f), new(d, "B", "m2", 0.3f, 0.3f, 0.4f)];
        var act = () => EnsembleCombiner.Fit(rows, [new LabelRecord(d, "A", 1, 0.0)]);
        act.Should().Throw<ArgumentException>().WithMessage("*every member*");
    }

    [Fact]
    public void Combine_Should_Throw_When_ATestRowComesFromAnUnknownModel()
    {
        var val = new SyntheticPredictions(5, 20, seed: 3);
        var combiner = EnsembleCombiner.Fit(val.Member("a", 1, 0.3, 1), val.Labels);
        var act = () => combiner.Combine([new PredictionRecord(new DateOnly(2024, 1, 1), "X", "zzz", 0.3f, 0.3f, 0.4f)], EnsembleMethod.Equal);
        act.Should().Throw<ArgumentException>().WithMessage("*zzz*");
    }
}
