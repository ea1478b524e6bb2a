using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>
/// Every op's backward against float64-summed central differences (GradCheck defaults: eps 3e-3,
/// |analytic − numeric| ≤ 2e-3 + 2e-2·|numeric|).
/// </summary>
public sealed class GradCheckTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Randn(new Random(seed), 1f, shape);

    private static Tensor Pos(int seed, params int[] shape) => Tensor.Uniform(new Random(seed), 0.5f, 2f, shape);

    /// <summary>Values bounded away from 0 (kinks of ReLU/ELU) by at least 0.05.</summary>
    private static Tensor AwayFromZero(int seed, params int[] shape)
    {
        var t = R(seed, shape);
        for (var i = 0; i < t.Size; i++)
        {
            t.Data[i] = t.Data[i] >= 0 ? t.Data[i] + 0.05f : t.Data[i] - 0.05f;
        }

        return t;
    }

    public static TheoryData<string> Cases() =>
    [
        "add", "sub", "mul", "div", "affine", "sum", "mean", "meanall", "reshape", "transpose", "permute", "slice", "concat",
        "stack", "indexselect", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "elu", "gelu", "softmax", "softmax_mask",
        "logsoftmax", "glu", "layernorm", "dropout", "matmul", "linear", "bmm", "bmm_ta", "bmm_tb", "bmm_tatb", "lstm", "lstm_h12",
        "crossentropy", "mse", "kl", "conv1d", "convtranspose1d", "maxpool1d", "weightedsum",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Should_MatchCentralDifferences_When_OpIsChecked(string op)
    {
        // Given small random inputs for the op
        var (f, inputs) = Build(op);

        // When its gradients are compared with central finite differences
        var failures = GradCheck.Check(f, inputs);

        // Then no element is outside tolerance
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Check_Should_ReportFailures_When_BackwardIsWrong()
    {
        // Given an op whose backward is deliberately off by a factor of 2
        static Tensor Broken(Tensor[] xs)
        {
            var x = xs[0];
            var y = new Tensor(x.ToArray(), x.Shape);
            Tape.Record(y, () =>
            {
                var g = x.GradBuffer();
                for (var i = 0; i < x.Size; i++)
                {
                    g[i] += 2f * y.Grad![i];
                }
            }, x);
            return y;
        }

        // When it is checked
        var failures = GradCheck.Check(Broken, [R(1, 3, 4)]);

        // Then every element is reported
        failures.Should().HaveCount(12);
    }

    private static (Func<Tensor[], Tensor> F, Tensor[] Inputs) Build(string op) => op switch
    {
        "add" => (x => Kosmo.Tensors.Ops.Add(x[0], x[1]), [R(1, 2, 3, 4), R(2, 3, 1)]),
        "sub" => (x => Kosmo.Tensors.Ops.Sub(x[0], x[1]), [R(1, 2, 1, 4), R(2, 3, 4)]),
        "mul" => (x => Kosmo.Tensors.Ops.Mul(x[0], x[1]), [R(1, 2, 3, 1), R(2, 2, 3, 4)]),
        "div" => (x => Kosmo.Tensors.Ops.Div(x[0], x[1]), [R(1, 2, 3, 4), Pos(2, 4)]),
        "affine" => (x => Kosmo.Tensors.Ops.Affine(x[0], -1.5f, 0.3f), [R(1, 5)]),
        "sum" => (x => Kosmo.Tensors.Ops.Sum(x[0], 1, keepDim: true), [R(1, 2, 3, 4)]),
        "mean" => (x => Kosmo.Tensors.Ops.Mean(x[0], -1), [R(1, 2, 3, 4)]),
        "meanall" => (x => Kosmo.Tensors.Ops.MeanAll(x[0]), [R(1, 2, 3)]),
        "reshape" => (x => Kosmo.Tensors.Ops.Reshape(x[0], 3, -1), [R(1, 2, 3, 2)]),
        "transpose" => (x => Kosmo.Tensors.Ops.Transpose(x[0], 0, 2), [R(1, 2, 3, 4)]),
        "permute" => (x => Kosmo.Tensors.Ops.Permute(x[0], 2, 0, 3, 1), [R(1, 2, 3, 2, 2)]),
        "slice" => (x => Kosmo.Tensors.Ops.Slice(x[0], 2, 1, 2), [R(1, 2, 3, 4)]),
        "concat" => (x => Kosmo.Tensors.Ops.Concat([x[0], x[1]], -1), [R(1, 2, 3), R(2, 2, 2)]),
        "stack" => (x => Kosmo.Tensors.Ops.Stack([x[0], x[1]], 2), [R(1, 2, 3), R(2, 2, 3)]),
        "indexselect" => (x => Kosmo.Tensors.Ops.IndexSelect(x[0], [2, 0, 2]), [R(1, 3, 4)]),
        "exp" => (x => Kosmo.Tensors.Ops.Exp(x[0]), [R(1, 3, 4)]),
        "log" => (x => Kosmo.Tensors.Ops.Log(x[0]), [Pos(1, 3, 4)]),
        "sqrt" => (x => Kosmo.Tensors.Ops.Sqrt(x[0]), [Pos(1, 3, 4)]),
        "tanh" => (x => Kosmo.Tensors.Ops.Tanh(x[0]), [R(1, 3, 4)]),
        "sigmoid" => (x => Kosmo.Tensors.Ops.Sigmoid(x[0]), [R(1, 3, 4)]),
        "relu" => (x => Kosmo.Tensors.Ops.Relu(x[0]), [AwayFromZero(1, 3, 4)]),
        "elu" => (x => Kosmo.Tensors.Ops.Elu(x[0]), [AwayFromZero(1, 3, 4)]),
        "gelu" => (x => Kosmo.Tensors.Ops.Gelu(x[0]), [R(1, 3, 4)]),
        "softmax" => (x => Kosmo.Tensors.Ops.Softmax(x[0]), [R(1, 2, 3, 5)]),
        "softmax_mask" => (x => Kosmo.Tensors.Ops.Softmax(x[0], Kosmo.Tensors.Ops.CausalMask(4)), [R(1, 2, 4, 4)]),
        "logsoftmax" => (x => Kosmo.Tensors.Ops.LogSoftmax(x[0]), [R(1, 3, 5)]),
        "glu" => (x => Kosmo.Tensors.Ops.Glu(x[0]), [R(1, 2, 3, 6)]),
        "layernorm" => (x => Kosmo.Tensors.Ops.LayerNorm(x[0], x[1], x[2]), [R(1, 3, 6), R(2, 6), R(3, 6)]),
        "dropout" => (x => Kosmo.Tensors.Ops.Dropout(x[0], 0.3f, new Random(7)), [R(1, 4, 5)]),
        "matmul" => (x => Kosmo.Tensors.Ops.MatMul(x[0], x[1]), [R(1, 2, 3, 4), R(2, 4, 5)]),
        "linear" => (x => Kosmo.Tensors.Ops.Linear(x[0], x[1], x[2]), [R(1, 2, 3, 4), R(2, 5, 4), R(3, 5)]),
        "bmm" => (x => Kosmo.Tensors.Ops.BatchMatMul(x[0], x[1]), [R(1, 2, 3, 4), R(2, 2, 4, 5)]),
        "bmm_ta" => (x => Kosmo.Tensors.Ops.BatchMatMul(x[0], x[1], transA: true), [R(1, 2, 4, 3), R(2, 2, 4, 5)]),
        "bmm_tb" => (x => Kosmo.Tensors.Ops.BatchMatMul(x[0], x[1], transB: true), [R(1, 2, 3, 4), R(2, 2, 5, 4)]),
        "bmm_tatb" => (x => Kosmo.Tensors.Ops.BatchMatMul(x[0], x[1], true, true), [R(1, 2, 4, 3), R(2, 2, 5, 4)]),
        "lstm" => (x => Kosmo.Tensors.Ops.Lstm(x[0], x[1], x[2], x[3], x[4], x[5]),
            [R(1, 2, 4, 3), Scaled(R(2, 2, 5), 0.5f), Scaled(R(3, 2, 5), 0.5f), Scaled(R(4, 20, 3), 0.4f), Scaled(R(5, 20, 5), 0.4f), Scaled(R(6, 20), 0.2f)]),
        // H = 12: the vectorised cell backward (8 lanes) plus its scalar tail
        "lstm_h12" => (x => Kosmo.Tensors.Ops.Lstm(x[0], x[1], x[2], x[3], x[4], x[5]),
            [R(1, 2, 3, 3), Scaled(R(2, 2, 12), 0.5f), Scaled(R(3, 2, 12), 0.5f), Scaled(R(4, 48, 3), 0.4f), Scaled(R(5, 48, 12), 0.3f), Scaled(R(6, 48), 0.2f)]),
        "crossentropy" => (x => Kosmo.Tensors.Ops.CrossEntropy(x[0], [0, 2, 1, 2], [0.5f, 1f, 2f], [1f, 0.3f, 2f, 0.7f]), [R(1, 4, 3)]),
        "mse" => (x => Kosmo.Tensors.Ops.Mse(x[0], x[1]), [R(1, 3, 4), R(2, 3, 4)]),
        "kl" => (x => Kosmo.Tensors.Ops.GaussianKl(x[0], x[1]), [R(1, 3, 4), Scaled(R(2, 3, 4), 0.5f)]),
        "conv1d" => (x => Kosmo.Tensors.Ops.Conv1d(x[0], x[1], x[2], 2, 1), [R(1, 2, 3, 9), R(2, 4, 3, 3), R(3, 4)]),
        "convtranspose1d" => (x => Kosmo.Tensors.Ops.ConvTranspose1d(x[0], x[1], x[2], 2, 1), [R(1, 2, 3, 5), R(2, 3, 4, 3), R(3, 4)]),
        "maxpool1d" => (x => Kosmo.Tensors.Ops.MaxPool1d(x[0], 3, 2), [R(1, 2, 3, 9)]),
        "weightedsum" => (x => Kosmo.Tensors.Ops.WeightedSum([x[0], x[1], x[2]], x[3]), [R(1, 2, 3, 4), R(2, 2, 3, 4), R(3, 2, 3, 4), R(4, 2, 3, 3)]),
        _ => throw new NotSupportedException(op),
    };

    private static Tensor Scaled(Tensor t, float s)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(t.Span, s, t.Span);
        return t;
    }
}
