using Kosmo.Features.Dataset;
using Kosmo.Models.Neural;
using Kosmo.Models.Tft;
using Kosmo.Models.Training;
using Kosmo.Models.Zoo;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Tests.Training;

/// <summary>
/// The trainer's step on TFT-Lite as two data-parallel replicas: the same loss and gradients as the whole batch at
/// one replica (D = 32, so the fused VSN bank, the fused GRN and the GLU workspaces run per replica), reproducible bits
/// with dropout, the same for the replicable baselines and zoo models, and the whole batch for models that are not replicable.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class TrainingStepTests
{
    private const int B = 70, L = 9, K = 5;

    /// <summary>The replicable models besides TFT-Lite (names for <see cref="Model"/>).</summary>
    public static TheoryData<string> Baselines => new() { "mlp", "lstm", "transformer", "cnn_lstm", "unet", "wavelet_groups" };

    [Fact]
    public void Run_Should_MatchTheWholeBatch_When_SplitIntoTwoReplicas()
    {
        // Given TFT-Lite without dropout, class weights and uneven sample weights on a 70-row batch
        var model = new TftLite(new TftLiteOptions(K, [3, 4], 2, Hidden: 32, Heads: 4, Classes: 3, Dropout: 0f, Seed: 7));

        // Then two replicas give the whole batch's loss and gradients up to float rounding
        ExpectWholeBatchResult(model, [1.3f, 0.6f, 1.1f], 8);
    }

    [Theory]
    [MemberData(nameof(Baselines))]
    public void Run_Should_MatchTheWholeBatch_When_ABaselineIsSplitIntoTwoReplicas(string name)
    {
        // Given a baseline without dropout
        var model = Model(name, 0f);

        // Then two replicas give the whole batch's loss and gradients up to float rounding
        ExpectWholeBatchResult(model, null, 9);
    }

    [Theory]
    [InlineData("tft_lite")]
    [MemberData(nameof(Baselines))]
    public void BatchPredictor_Should_GiveTheWholeBatchBits_When_SplitIntoReplicas(string name)
    {
        using (TensorThreads.Use(2))
        {

            // Given a replicable model (with dropout configured: evaluation must ignore it) and a 70-row batch
            var model = Model(name, 0.1f);
            var batch = Batch(10);
            var whole = new float[B * 3];
            var split = new float[B * 3];

            // When predicted whole and as replicas
            var one = new BatchPredictor(model, dataParallel: false);
            var two = new BatchPredictor(model);
            one.Run(batch, B, whole, 0);
            two.Run(batch, B, split, 0);

            // Then the probabilities are the same bits
            one.ReplicaCount.Should().Be(1);
            two.ReplicaCount.Should().Be(2);
            split.Should().Equal(whole);
            whole.Should().OnlyContain(p => p > 0f && p < 1f);
        }
    }

    [Fact]
    public void Run_Should_GiveIdenticalWeights_When_RepeatedWithDropout()
    {
        using (TensorThreads.Use(2))
        {

            // When three AdamW steps with dropout run twice from the same seeds
            var a = Train();
            var b = Train();

            // Then the weights are identical, bit for bit
            b.Should().Equal(a);
        }
    }

    [Fact]
    public void For_Should_RunTheWholeBatch_When_ModelIsNotReplicableOrOneThread()
    {
        using (TensorThreads.Use(2))
        {
            var experts = new RegimeExpertClassifier(new RegimeExpertOptions(K, [3, 4], Hidden: 4, Heads: 2));
            var vae = new VaeClassifier(new VaeOptions(L, K));
            var lstm = new LstmClassifier(new LstmClassifierOptions(K, Hidden: 8));
            var tft = new TftLite(new TftLiteOptions(K, [3, 4], 2, Hidden: 8, Heads: 2, Classes: 3, Dropout: 0f, Seed: 1));
            TrainingStep.For(experts, null).ReplicaCount.Should().Be(1, "the regime experts keep the last gate for interpretation");
            TrainingStep.For(vae, null).ReplicaCount.Should().Be(1, "the VAE has an auxiliary loss");
            TrainingStep.For(lstm, null).ReplicaCount.Should().Be(2);
            TrainingStep.For(tft, null).ReplicaCount.Should().Be(2);
            TrainingStep.For(tft, null, dataParallel: false).ReplicaCount.Should().Be(1);
            TensorThreads.Count = 1;
            TrainingStep.For(tft, null).ReplicaCount.Should().Be(1);
        }
    }

    private static float[] Train()
    {
        var model = new TftLite(new TftLiteOptions(K, [3, 4], 2, Hidden: 32, Heads: 4, Classes: 3, Dropout: 0.2f, Seed: 3));
        var batch = Batch(4);
        var step = TrainingStep.For(model, null);
        var opt = new AdamW(model.Parameters, 1e-2);
        var rng = new Random(5);
        for (var s = 0; s < 3; s++)
        {
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                step.Run(batch, B, batch.Labels[..B], batch.Weights[..B], rng);
                opt.Step();
            }
        }

        return model.Parameters.SelectMany(p => p.ToArray()).ToArray();
    }

    private static Abstractions.ISequenceClassifier Model(string name, float dropout) => name switch
    {
        "tft_lite" => new TftLite(new TftLiteOptions(K, [3, 4], 2, Hidden: 32, Heads: 4, Classes: 3, Dropout: dropout, Seed: 2)),
        "mlp" => new MlpClassifier(new MlpOptions(K, Hidden: 16, Dropout: dropout, Seed: 2)),
        "lstm" => new LstmClassifier(new LstmClassifierOptions(K, Hidden: 16, Dropout: dropout, Seed: 2)),
        "transformer" => new TransformerClassifier(new TransformerOptions(K, ModelDim: 16, Heads: 2, Layers: 2, Dropout: dropout, Seed: 2)),
        "cnn_lstm" => new CnnLstmClassifier(new CnnLstmOptions(K, Channels: 8, Hidden: 8, Dropout: dropout, Seed: 2)),
        "unet" => new UNet1dClassifier(new UNet1dOptions(K, BaseChannels: 4, Dropout: dropout, Seed: 2)),
        _ => new WaveletGroupClassifier(new WaveletGroupOptions(K, [[0, 1], [2, 3, 4]], Hidden: 6, Dropout: dropout, Seed: 2)),
    };

    // At two threads: the step split into two replicas against the whole batch at one replica (same batch, same weights).
    private static void ExpectWholeBatchResult(Abstractions.ISequenceClassifier model, float[]? classWeights, int seed)
    {
        using (TensorThreads.Use(2))
        {
            var batch = Batch(seed);
            var whole = TrainingStep.For(model, classWeights, dataParallel: false);
            var split = TrainingStep.For(model, classWeights);
            var (lossWhole, gradWhole) = Step(whole, model, batch);
            var (lossSplit, gradSplit) = Step(split, model, batch);
            whole.ReplicaCount.Should().Be(1);
            split.ReplicaCount.Should().Be(2);
            lossSplit.Should().BeApproximately(lossWhole, 1e-5f * lossWhole);
            for (var i = 0; i < gradWhole.Length; i++)
            {
                var scale = gradWhole[i].Max(Math.Abs);
                for (var j = 0; j < gradWhole[i].Length; j++)
                {
                    gradSplit[i][j].Should().BeApproximately(gradWhole[i][j], (1e-4f * scale) + 1e-8f, $"{model.Parameters[i].Name}[{j}]");
                }
            }
        }
    }

    private static (float Loss, float[][] Grads) Step(TrainingStep step, Abstractions.ISequenceClassifier model, WindowBatch batch)
    {
        using (TensorArena.Scope())
        {
            foreach (var p in model.Parameters)
            {
                p.ZeroGrad();
            }

            var loss = step.Run(batch, B, batch.Labels[..B], batch.Weights[..B], new Random(1));
            return (loss, model.Parameters.Select(p => p.Grad!.AsSpan(0, p.Size).ToArray()).ToArray());
        }
    }

    private static WindowBatch Batch(int seed)
    {
        var rng = new Random(seed);
        var batch = new WindowBatch(B + 6, L, K, false, 2, 2);
        for (var i = 0; i < batch.X.Length; i++)
        {
            batch.X[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        for (var n = 0; n < batch.BatchSize; n++)
        {
            batch.Categorical[2 * n] = rng.Next(3);
            batch.Categorical[(2 * n) + 1] = rng.Next(4);
            batch.Reals[2 * n] = (float)rng.NextDouble();
            batch.Reals[(2 * n) + 1] = (float)(rng.NextDouble() - 0.5);
            batch.Labels[n] = rng.Next(3);
            batch.Weights[n] = 0.3f + (float)rng.NextDouble();
        }

        batch.SetCount(B);
        return batch;
    }
}
