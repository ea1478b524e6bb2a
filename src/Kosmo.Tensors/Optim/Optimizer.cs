namespace Kosmo.Tensors.Optim;

/// <summary>Base of the optimisers: holds the parameters and the learning rate; updates in place.</summary>
public abstract partial class Optimizer
{
    /// <summary>Creates an optimiser over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No parameters or a non-positive learning rate.</exception>
    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            throw new ArgumentException("Optimizer needs at least one parameter.", nameof(parameters));
        }

        LearningRate = learningRate > 0 ? learningRate : throw new ArgumentException($"Learning rate {learningRate} must be positive.", nameof(learningRate));
    }

    /// <summary>The parameters updated by <see cref="Step"/>.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Current learning rate (a schedule may set it before each step).</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Applies one update from the current gradients (parameters without a gradient are skipped).</summary>
    public void Step()
    {
        StepCount++;

        // Parameters are independent: split them over the tensor threads by element count (a parameter goes to the
        // chunk its first element falls in), so each is updated by exactly the same code at any thread count.
        var count = Parameters.Count;
        var starts = new long[count + 1];
        for (var i = 0; i < count; i++)
        {
            starts[i + 1] = starts[i] + Parameters[i].Size;
        }

        var total = (int)Math.Min(int.MaxValue, starts[count]);
        TensorThreads.For(total, 1 << 15, (s, e) =>
        {
            for (var i = 0; i < count; i++)
            {
                if (starts[i] < s || starts[i] >= e)
                {
                    continue;
                }

                var p = Parameters[i];
                if (p.Grad is not null)
                {
                    Update(i, p.Data.AsSpan(0, p.Size), p.Grad.AsSpan(0, p.Size));
                }
            }
        });

        // (Parameters of size 0 at the end start at the total, past every chunk: there is nothing to update.)
    }

    /// <summary>
    /// Updates parameter <paramref name="index"/> in place (StepCount already incremented). Called concurrently for
    /// different indices (the parameters are split over the tensor threads): touch only this index's state.
    /// </summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> grad);
}
