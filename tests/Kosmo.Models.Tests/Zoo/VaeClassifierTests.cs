using Kosmo.Models.Zoo;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Zoo;

public sealed class VaeClassifierTests
{
    [Fact]
    public void Forward_Should_PassGradientCheck_When_TrainingPathIncludesReconstructionAndKl()
    {
        // Given a tiny VAE; the check covers logits and the auxiliary loss of a training pass with fixed ε
        var batch = ZooData.Random(3, 3, 2, 3, seed: 1);
        var model = new VaeClassifier(new VaeOptions(3, 2, 3, Latent: 2, Hidden: 5, Beta: 0.5f, AuxWeight: 2f, Dropout: 0, Seed: 4));
        var options = new GradCheck.Options(Eps: 1e-3, Atol: 2e-3, Rtol: 3e-2, MaxElementsPerInput: 12);

        // When checking
        var failures = GradCheck.Check(_ =>
        {
            var logits = model.Forward(batch, true, new Random(9));
            return Ops.Concat([Ops.Reshape(logits, -1), Ops.Reshape(model.AuxiliaryLoss!, 1)], 0);
        }, [.. model.Parameters], options);

        // Then all agree
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Forward_Should_SetAuxiliaryLossOnlyInTraining_And_BeDeterministicAtInference()
    {
        // Given a VAE and a batch
        var batch = ZooData.Random(6, 4, 3, 3, seed: 2);
        var model = new VaeClassifier(new VaeOptions(4, 3, Seed: 1));

        // When running a training pass, then inference passes with different rngs
        _ = ZooTraining.Logits(model, batch, training: true, seed: 1);
        var aux = model.AuxiliaryLoss;
        var a = ZooTraining.Logits(model, batch, training: false, seed: 1);
        var b = ZooTraining.Logits(model, batch, training: false, seed: 2);

        // Then the training pass left a positive scalar aux loss, inference clears it and uses μ (rng-independent)
        aux.Should().NotBeNull();
        aux!.Size.Should().Be(1);
        aux.Item().Should().BeGreaterThan(0);
        model.AuxiliaryLoss.Should().BeNull();
        a.Should().Equal(b);
        ZooTraining.Logits(new VaeClassifier(new VaeOptions(4, 3, Seed: 1)), batch).Should().Equal(a);
        ZooTraining.Logits(new VaeClassifier(new VaeOptions(4, 3, Seed: 2)), batch).Should().NotEqual(a);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_And_ReconstructBetter_When_TrainedOnCePlusAux()
    {
        // Given 64 random windows with random labels
        var batch = ZooData.Random(64, 6, 3, 3, seed: 3);
        var model = new VaeClassifier(new VaeOptions(6, 3, 3, Latent: 8, Hidden: 64, Beta: 0.01f, Dropout: 0, Seed: 5));
        var before = ReconstructionMse(model, batch);

        // When training CE + aux for 150 steps
        var loss = ZooTraining.Fit(model, batch, 150, 1e-2);

        // Then the classifier memorises the labels and the decoder learned something
        loss.Should().BeLessThan(0.05f);
        ReconstructionMse(model, batch).Should().BeLessThan(before * 0.8);
    }

    [Fact]
    public void Forward_Should_Throw_When_LookbackDiffersFromOptions()
    {
        var model = new VaeClassifier(new VaeOptions(5, 2));
        var act = () => model.Forward(ZooData.Random(2, 4, 2, 3, seed: 1), false, new Random(0));
        act.Should().Throw<ArgumentException>().WithMessage("*L = 4*built for 5*");
    }

    private static double ReconstructionMse(VaeClassifier model, Kosmo.Features.Dataset.WindowBatch batch)
    {
        var recon = model.Reconstruct(batch).ToArray();
        double s = 0;
        for (var i = 0; i < recon.Length; i++)
        {
            var d = recon[i] - batch.X[i];
            s += d * d;
        }

        return s / recon.Length;
    }
}
