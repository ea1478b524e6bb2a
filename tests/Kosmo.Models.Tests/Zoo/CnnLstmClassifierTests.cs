using Kosmo.Features.Dataset;
using Kosmo.Models.Zoo;

namespace Kosmo.Models.Tests.Zoo;

public sealed class CnnLstmClassifierTests
{
    [Fact]
    public void Forward_Should_PassGradientCheck_When_TinyInstanceWithPoolingAndStatics()
    {
        // Given a tiny CNN-LSTM with pooling, one categorical static and one real static
        var statics = new StaticInputs(3, [0, 2, 1], 1, [0.5f, -1f, 2f], 1);
        var batch = ZooData.Random(3, 6, 2, 3, seed: 1, statics);
        var model = new CnnLstmClassifier(new CnnLstmOptions(2, 3, Channels: 3, Kernel: 3, Pool: 2, Hidden: 4, Dropout: 0,
            Statics: new StaticSpec([3], 1, 2), Seed: 7));

        // When checking every parameter's gradient against central differences
        var failures = ZooTraining.GradCheckParameters(model, batch);

        // Then all agree
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_64RandomSamplesAreMemorised()
    {
        // Given 64 random windows with random labels
        var batch = ZooData.Random(64, 6, 4, 3, seed: 2);
        var model = new CnnLstmClassifier(new CnnLstmOptions(4, 3, Channels: 8, Hidden: 16, Dropout: 0, Seed: 3));

        // When training 200 AdamW steps
        var loss = ZooTraining.Fit(model, batch, 200, 2e-2);

        // Then the training cross-entropy is near zero (chance is ln 3 = 1.10)
        loss.Should().BeLessThan(0.05f);
    }

    [Fact]
    public void Forward_Should_GiveSameLogitsForSameSeed_And_DifferentForOtherSeed()
    {
        // Given a partial batch (5 valid rows in a buffer of 8)
        var batch = ZooData.Random(5, 6, 3, 3, seed: 4, batchSize: 8);
        var a = new CnnLstmClassifier(new CnnLstmOptions(3, Pool: 2, Seed: 11));
        var b = new CnnLstmClassifier(new CnnLstmOptions(3, Pool: 2, Seed: 11));
        var c = new CnnLstmClassifier(new CnnLstmOptions(3, Pool: 2, Seed: 12));

        // When predicting
        var la = ZooTraining.Logits(a, batch);

        // Then the shape is (Count, C) and the seed alone fixes the result
        la.Should().HaveCount(5 * 3);
        ZooTraining.Logits(b, batch).Should().Equal(la);
        ZooTraining.Logits(c, batch).Should().NotEqual(la);
        ZooTraining.Logits(a, batch, training: true, seed: 5).Should().Equal(ZooTraining.Logits(b, batch, training: true, seed: 5));
    }

    [Fact]
    public void Forward_Should_DependOnStaticEmbedding_When_CategoryChanges()
    {
        // Given the same window for two codes with different static categories
        var statics = new StaticInputs(2, [0, 1], 1, [], 0);
        var batch = ZooData.Build(2, 5, 2, (_, l, k) => (l * 0.1f) - k, _ => 0, 3, statics);
        var model = new CnnLstmClassifier(new CnnLstmOptions(2, Statics: new StaticSpec([2], 0, 3), Seed: 1));

        // When predicting
        var logits = ZooTraining.Logits(model, batch);

        // Then the two rows differ only through the embedding, and do differ
        logits.Take(3).Should().NotEqual(logits.Skip(3));
    }

    [Fact]
    public void Constructor_Should_Throw_When_KernelIsEven()
    {
        var act = () => new CnnLstmClassifier(new CnnLstmOptions(3, Kernel: 4));
        act.Should().Throw<ArgumentException>().WithMessage("*Kernel odd*");
    }
}
