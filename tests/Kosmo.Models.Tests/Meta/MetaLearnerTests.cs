using Kosmo.Features.Dataset;
using Kosmo.Models.Meta;
using Kosmo.Models.Tests.Zoo;
using Xunit.Abstractions;

namespace Kosmo.Models.Tests.Meta;

public sealed class MetaLearnerTests(ITestOutputHelper output)
{
    private static readonly AdaptationOptions _adapt = new(Steps: 5, LearningRate: 0.5);

    [Theory]
    [InlineData(MetaAlgorithm.Fomaml, 0.01)]
    [InlineData(MetaAlgorithm.Reptile, 0.5)]
    public void PredictAdapted_Should_BeatPlainTraining_When_TaskSignDriftsBetweenMonths(MetaAlgorithm algorithm, double outerRate)
    {
        // Given 40 training months and 10 held-out months whose label depends on a month-specific sign of x0
        var data = new SignDriftTasks(50, seed: 1);
        var tasks = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options, supportFraction: 0.5);
        tasks.Should().HaveCount(50);
        var train = tasks.Take(40).ToList();
        var heldOut = tasks.Skip(40).ToList();

        // When meta-training one model and plainly training the same architecture on the pooled training months
        var meta = new TinyMlp(2, 16, 2, seed: 3);
        MetaLearner.Train(meta, train, new MetaLearningOptions(algorithm, _adapt, OuterSteps: 150, TasksPerStep: 4, OuterLearningRate: outerRate, Seed: 5));
        var plain = new TinyMlp(2, 16, 2, seed: 3);
        var pooled = new WindowDataset(data.Cube, data.Labels, data.Samples.Where(s => s.T < 400).ToList(), null, null, data.Options);
        ZooTraining.Fit(plain, pooled, 600, 1e-2);

        // Then on held-out months, meta-learned + adapted on the first half beats plain + no adaptation by a margin
        var metaAcc = heldOut.Average(t => data.Accuracy(MetaLearner.PredictAdapted(meta, t.Support, t.Query, _adapt), t.Query));
        var plainAcc = heldOut.Average(t => data.Accuracy(MetaLearner.Predict(plain, t.Query), t.Query));
        var plainAdaptedAcc = heldOut.Average(t => data.Accuracy(MetaLearner.PredictAdapted(plain, t.Support, t.Query, _adapt), t.Query));
        output.WriteLine($"{algorithm}: meta+adapt {metaAcc:F3}, plain {plainAcc:F3}, plain+adapt {plainAdaptedAcc:F3}");
        metaAcc.Should().BeGreaterThan(plainAcc + 0.2, $"meta {metaAcc:F3} vs plain {plainAcc:F3}");
        metaAcc.Should().BeGreaterThan(0.8);
    }

    [Fact]
    public void PredictAdapted_Should_BeatPlainTraining_When_ModelIsACnnLstmOnThreeDayWindows()
    {
        // Given the sign-drift months seen through 3-day windows and a zoo CNN-LSTM
        var data = new SignDriftTasks(30, seed: 6, lookback: 3);
        var tasks = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options);
        var train = tasks.Take(24).ToList();
        var heldOut = tasks.Skip(24).ToList();
        var adapt = new AdaptationOptions(Steps: 5, LearningRate: 0.3);
        Kosmo.Models.Zoo.CnnLstmClassifier Create() => new(new Kosmo.Models.Zoo.CnnLstmOptions(2, 2, Channels: 8, Hidden: 8, Dropout: 0, Seed: 2));

        // When meta-training with FOMAML and, separately, training plainly on the pooled months
        var meta = Create();
        MetaLearner.Train(meta, train, new MetaLearningOptions(MetaAlgorithm.Fomaml, adapt, OuterSteps: 60, TasksPerStep: 4, OuterLearningRate: 0.01, Seed: 3));
        var plain = Create();
        ZooTraining.Fit(plain, new WindowDataset(data.Cube, data.Labels, data.Samples.Where(s => s.T < 240).ToList(), null, null, data.Options), 200, 1e-2);

        // Then adapted predictions on held-out months beat unadapted plain ones by a margin
        var metaAcc = heldOut.Average(t => data.Accuracy(MetaLearner.PredictAdapted(meta, t.Support, t.Query, adapt), t.Query));
        var plainAcc = heldOut.Average(t => data.Accuracy(MetaLearner.Predict(plain, t.Query), t.Query));
        output.WriteLine($"cnn_lstm: meta+adapt {metaAcc:F3}, plain {plainAcc:F3}");
        metaAcc.Should().BeGreaterThan(plainAcc + 0.15, $"meta {metaAcc:F3} vs plain {plainAcc:F3}");
    }

    [Fact]
    public void PredictAdapted_Should_RestoreWeights_And_BeReproducible_When_CalledTwice()
    {
        // Given a model and one task
        var data = new SignDriftTasks(3, seed: 2);
        var task = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options)[0];
        var model = new TinyMlp(2, 8, 2, seed: 1);
        var before = model.Parameters.Select(p => p.ToArray()).ToList();

        // When predicting adapted twice
        var a = MetaLearner.PredictAdapted(model, task.Support, task.Query, _adapt);
        var b = MetaLearner.PredictAdapted(model, task.Support, task.Query, _adapt);

        // Then the weights are back and the predictions are identical, and differ from the unadapted ones
        model.Parameters.Select(p => p.ToArray()).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        b.Should().Equal(a);
        MetaLearner.Predict(model, task.Query).Should().NotEqual(a);
    }

    [Fact]
    public void Train_Should_BeDeterministic_When_SeedIsFixed()
    {
        var data = new SignDriftTasks(6, seed: 3);
        var tasks = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options);
        var options = new MetaLearningOptions(MetaAlgorithm.Fomaml, _adapt with { Optimizer = InnerOptimizer.Adam, LearningRate = 0.05 }, OuterSteps: 5, TasksPerStep: 2, Seed: 9);

        var m1 = new TinyMlp(2, 8, 2, seed: 1);
        var r1 = MetaLearner.Train(m1, tasks, options);
        var m2 = new TinyMlp(2, 8, 2, seed: 1);
        var r2 = MetaLearner.Train(m2, tasks, options);

        r2.QueryLoss.Should().Equal(r1.QueryLoss);
        r1.TasksSeen.Should().Be(10);
        m2.Parameters.Select(p => p.ToArray()).Should().BeEquivalentTo(m1.Parameters.Select(p => p.ToArray()), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_Should_TrainTheVaeDecoderOnlyThroughTheAuxiliaryLoss_When_TrainingModeIsOn(bool trainingMode)
    {
        // Given a VAE classifier (its decoder only receives gradient from the reconstruction term)
        var data = new SignDriftTasks(4, seed: 5);
        var tasks = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options);
        var model = new Kosmo.Models.Zoo.VaeClassifier(new Kosmo.Models.Zoo.VaeOptions(1, 2, 2, Latent: 2, Hidden: 8, Seed: 1));
        var decoder = model.Parameters.Single(p => p.Name == "decoder.out.weight");
        var before = decoder.ToArray();

        // When meta-training a few FOMAML steps with the forward in training mode or not
        var report = MetaLearner.Train(model, tasks, new MetaLearningOptions(MetaAlgorithm.Fomaml,
            new AdaptationOptions(Steps: 2, LearningRate: 0.05, TrainingMode: trainingMode), OuterSteps: 3, TasksPerStep: 2, Seed: 1));

        // Then the decoder moved only when the auxiliary loss was part of the objective
        report.QueryLoss.Should().OnlyContain(l => double.IsFinite(l));
        if (trainingMode)
        {
            decoder.ToArray().Should().NotEqual(before);
        }
        else
        {
            decoder.ToArray().Should().Equal(before);
        }
    }

    [Fact]
    public void ByMonth_Should_SplitInTime_And_PurgeSupportLabelsReachingTheQuery()
    {
        // Given 10 trading days per month, labels ending the next day
        var data = new SignDriftTasks(2, seed: 4);

        // When building tasks with half of the dates as support
        var tasks = MetaTaskBuilder.ByMonth(data.Cube, data.Labels, data.Samples, null, null, data.Options, supportFraction: 0.5);

        // Then support = days 0..3 (day 4's label ends on day 5, the first query day), query = days 5..9
        tasks.Select(t => t.Name).Should().Equal("2020-01", "2020-02");
        var first = tasks[0];
        first.Support.Count.Should().Be(4 * 8);
        first.Query.Count.Should().Be(5 * 8);
        Enumerable.Range(0, first.Support.Count).Max(j => first.Support.Sample(j).T).Should().Be(3);
        Enumerable.Range(0, first.Query.Count).Min(j => first.Query.Sample(j).T).Should().Be(5);
    }
}
