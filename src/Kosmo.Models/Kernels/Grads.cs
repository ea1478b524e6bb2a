using Kosmo.Tensors;

namespace Kosmo.Models.Kernels;

/// <summary>Gradient buffers for ops written outside Kosmo.Tensors on the public <see cref="Tape.Record"/> API.</summary>
internal static class Grads
{
    /// <summary>
    /// The tensor's gradient buffer, allocated zeroed when absent (never clears an existing one); rented from the
    /// <see cref="TensorArena"/> inside a scope (parameters excepted), so a training step allocates no gradient arrays.
    /// </summary>
    public static float[] Of(Tensor t) => t.GradBuffer();
}
