using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Meta;

/// <summary>
/// First-order MAML and Reptile for any <see cref="ISequenceClassifier"/>, plus test-time adaptation.
/// Loss everywhere: sample-weighted cross-entropy (<see cref="Ops.CrossEntropy"/> with the batch's weights) plus the
/// model's <see cref="IAuxiliaryLoss"/> when it has one. Everything is seeded; runs are reproducible at a fixed
/// thread count.
/// Typical use: build tasks (months or regimes) with <see cref="MetaTaskBuilder"/>, create the model from its options
/// (seeded), <see cref="Train"/> it on the training tasks, then for each new period <see cref="PredictAdapted"/>
/// with the most recent labelled window as support. Each forward/backward runs in a <see cref="TensorArena"/> scope.
/// Not thread-safe for one model (the model's parameters are overwritten during adaptation).
/// </summary>
public static class MetaLearner
{
    /// <summary>Meta-trains <paramref name="model"/> in place on <paramref name="tasks"/>.</summary>
    /// <param name="model">The model; its parameters are the meta-initialisation θ and hold the result.</param>
    /// <param name="tasks">Training tasks (support sets non-empty; FOMAML also needs non-empty query sets).</param>
    /// <param name="options">Algorithm, inner loop, outer steps and seed.</param>
    /// <exception cref="ArgumentException">No tasks, an empty support (or FOMAML query) set, or steps &lt; 1.</exception>
    public static MetaTrainingReport Train(ISequenceClassifier model, IReadOnlyList<MetaTask> tasks, MetaLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Inner);
        if (tasks.Count == 0 || options.OuterSteps < 1 || options.TasksPerStep < 1 || options.Inner.Steps < 1)
        {
            throw new ArgumentException("Meta-training needs at least one task, OuterSteps >= 1, TasksPerStep >= 1 and Inner.Steps >= 1.", nameof(tasks));
        }

        foreach (var t in tasks)
        {
            if (t.Support.Count == 0 || t.Query.Count == 0)
            {
                throw new ArgumentException($"Task '{t.Name}' has {t.Support.Count} support and {t.Query.Count} query samples; both must be non-empty.", nameof(tasks));
            }
        }

        var parameters = model.Parameters;
        var rng = new Random(options.Seed);
        var outer = options.Algorithm == MetaAlgorithm.Fomaml ? new Adam(parameters, options.OuterLearningRate) : null;
        var acc = parameters.Select(p => new float[p.Size]).ToArray();
        var losses = new List<double>(options.OuterSteps);
        var m = Math.Min(options.TasksPerStep, tasks.Count);
        var order = Enumerable.Range(0, tasks.Count).ToArray();
        for (var step = 0; step < options.OuterSteps; step++)
        {
            var theta = ParameterSnapshot.Capture(parameters);
            foreach (var a in acc)
            {
                Array.Clear(a);
            }

            PartialShuffle(order, m, rng);
            double stepLoss = 0;
            for (var j = 0; j < m; j++)
            {
                var task = tasks[order[j]];
                theta.Restore();
                Adapt(model, task.Support, options.Inner, rng, step);
                var query = FirstBatch(task.Query, step);
                if (outer is not null)
                {
                    ZeroGrads(parameters);
                    using (TensorArena.Scope())
                    {
                        var loss = TaskLoss.Compute(model, query, options.Inner.TrainingMode, rng);
                        stepLoss += loss.Item();
                        loss.Backward();
                    }

                    for (var i = 0; i < parameters.Count; i++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(acc[i], parameters[i].Grad!, acc[i]);
                    }
                }
                else
                {
                    using (NoGrad.Scope())
                    using (TensorArena.Scope())
                    {
                        stepLoss += TaskLoss.Compute(model, query, false, rng).Item();
                    }

                    for (var i = 0; i < parameters.Count; i++)
                    {
                        var p = parameters[i].Span;
                        var t0 = theta.Values[i];
                        for (var e = 0; e < p.Length; e++)
                        {
                            acc[i][e] += p[e] - t0[e];
                        }
                    }
                }
            }

            theta.Restore();
            if (outer is not null)
            {
                outer.ZeroGrad();
                for (var i = 0; i < parameters.Count; i++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(acc[i], 1f / m, parameters[i].Grad!);
                }

                outer.Step();
            }
            else
            {
                var eps = (float)(options.OuterLearningRate * (options.AnnealReptile ? 1.0 - ((double)step / options.OuterSteps) : 1.0));
                for (var i = 0; i < parameters.Count; i++)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(acc[i], eps / m, parameters[i].Span, parameters[i].Span);
                }
            }

            ZeroGrads(parameters);
            losses.Add(stepLoss / m);
        }

        return new MetaTrainingReport(losses, options.OuterSteps * m);
    }

    /// <summary>
    /// Adapts <paramref name="model"/> in place with k steps on <paramref name="support"/> and returns the weights from
    /// before, to <see cref="ParameterSnapshot.Restore"/> afterwards.
    /// </summary>
    /// <param name="model">The (meta-trained) model.</param>
    /// <param name="support">The task's labelled samples, e.g. the most recent labelled window before the prediction dates.</param>
    /// <param name="options">Steps, α, optimiser.</param>
    /// <param name="seed">Seeds the forward's rng (only used in training mode).</param>
    /// <exception cref="ArgumentException">The support set is empty.</exception>
    public static ParameterSnapshot Adapt(ISequenceClassifier model, WindowDataset support, AdaptationOptions options, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var before = ParameterSnapshot.Capture(model.Parameters);
        Adapt(model, support, options, new Random(seed), 0);
        return before;
    }

    /// <summary>
    /// Test-time adaptation: adapts on <paramref name="support"/>, predicts every sample of <paramref name="query"/>
    /// (in its unshuffled order, batch by batch) and restores the weights. // -> (n, C) row-major probabilities
    /// </summary>
    /// <exception cref="ArgumentException">The support set is empty.</exception>
    public static float[] PredictAdapted(ISequenceClassifier model, WindowDataset support, WindowDataset query, AdaptationOptions options, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(query);
        var before = Adapt(model, support, options, seed);
        try
        {
            return Predict(model, query);
        }
        finally
        {
            before.Restore();
        }
    }

    /// <summary>Class probabilities of every sample of <paramref name="data"/> in its unshuffled order, inference mode. // -> (n, C)</summary>
    public static float[] Predict(ISequenceClassifier model, WindowDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var c = model.Classes;
        var result = new float[data.Count * c];
        var batch = data.CreateBatch();
        var order = Enumerable.Range(0, data.Count).ToArray();
        var done = 0;
        using var scope = NoGrad.Scope();
        for (var bi = 0; bi < data.BatchesPerEpoch; bi++)
        {
            var n = data.Fill(order, bi, batch);
            using (TensorArena.Scope())
            {
                var probs = Ops.Softmax(model.Forward(batch, false, new Random(0)));
                probs.Span[..(n * c)].CopyTo(result.AsSpan(done * c));
            }

            done += n;
        }

        return result;
    }

    private static void Adapt(ISequenceClassifier model, WindowDataset support, AdaptationOptions options, Random rng, int epochSalt)
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentNullException.ThrowIfNull(options);
        if (support.Count == 0)
        {
            throw new ArgumentException("The support set is empty.", nameof(support));
        }

        var parameters = model.Parameters;
        Optimizer opt = options.Optimizer == InnerOptimizer.Adam
            ? new Adam(parameters, options.LearningRate)
            : new Sgd(parameters, options.LearningRate);
        var batch = support.CreateBatch();
        var perEpoch = support.BatchesPerEpoch;
        int[] order = [];
        for (var k = 0; k < options.Steps; k++)
        {
            if (k % perEpoch == 0)
            {
                order = support.EpochOrder(epochSalt + (k / perEpoch));
            }

            support.Fill(order, k % perEpoch, batch);
            opt.ZeroGrad();
            using (TensorArena.Scope())
            {
                TaskLoss.Compute(model, batch, options.TrainingMode, rng).Backward();
            }

            if (options.MaxGradNorm > 0)
            {
                GradClip.ClipByGlobalNorm(parameters, options.MaxGradNorm);
            }

            opt.Step();
        }
    }

    private static WindowBatch FirstBatch(WindowDataset data, int epoch)
    {
        var batch = data.CreateBatch();
        data.Fill(data.EpochOrder(epoch), 0, batch);
        return batch;
    }

    private static void ZeroGrads(IReadOnlyList<Parameter> parameters)
    {
        foreach (var p in parameters)
        {
            p.ZeroGrad();
        }
    }

    // Moves m distinct random indices to the front (partial Fisher–Yates).
    private static void PartialShuffle(int[] order, int m, Random rng)
    {
        for (var i = 0; i < m; i++)
        {
            var j = i + rng.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
