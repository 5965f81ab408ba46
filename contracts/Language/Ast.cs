using System.Numerics;
using ChainNode.Contracts.Abi;

namespace ChainNode.Contracts.Language;

// The syntax tree the parser builds and the code generator walks. Every node keeps its first
// token so errors point at the source.

public sealed record ContractNode(Token At, string Name, List<StorageNode> Storage, List<EventNode> Events, List<FunctionNode> Functions);

/// <summary>Scalar storage has no key types; a map has one or more key types and a value type.</summary>
public sealed record StorageNode(Token At, string Name, List<AbiType> KeyTypes, AbiType ValueType)
{
    public bool IsMap => KeyTypes.Count > 0;
}

public sealed record ParameterNode(Token At, string Name, AbiType Type);

public sealed record EventNode(Token At, string Name, List<ParameterNode> Parameters);

public sealed record FunctionNode(Token At, string Name, List<ParameterNode> Parameters, AbiType Returns, bool IsPublic, bool IsView, bool IsPayable, bool IsConstructor, List<StatementNode> Body);

public abstract record StatementNode(Token At);
public sealed record LetStatement(Token At, string Name, AbiType Type, ExpressionNode Value) : StatementNode(At);
public sealed record AssignStatement(Token At, string Target, List<ExpressionNode> Keys, ExpressionNode Value) : StatementNode(At);
public sealed record IfStatement(Token At, ExpressionNode Condition, List<StatementNode> Then, List<StatementNode>? Else) : StatementNode(At);
public sealed record ForStatement(Token At, string Variable, ExpressionNode From, ExpressionNode To, List<StatementNode> Body) : StatementNode(At);
public sealed record RequireStatement(Token At, ExpressionNode Condition, string Reason) : StatementNode(At);
public sealed record EmitStatement(Token At, string Event, List<ExpressionNode> Arguments) : StatementNode(At);
public sealed record TransferStatement(Token At, ExpressionNode To, ExpressionNode Amount) : StatementNode(At);
public sealed record RevertStatement(Token At, string Reason) : StatementNode(At);
public sealed record ReturnStatement(Token At, ExpressionNode? Value) : StatementNode(At);
public sealed record ExpressionStatement(Token At, ExpressionNode Expression) : StatementNode(At);

public abstract record ExpressionNode(Token At);
public sealed record IntegerLiteral(Token At, BigInteger Value) : ExpressionNode(At);
public sealed record BoolLiteral(Token At, bool Value) : ExpressionNode(At);
public sealed record BytesLiteral(Token At, byte[] Value) : ExpressionNode(At);
public sealed record NameExpression(Token At, string Name) : ExpressionNode(At);
public sealed record IndexExpression(Token At, string Map, List<ExpressionNode> Keys) : ExpressionNode(At);
public sealed record CallExpression(Token At, string Function, List<ExpressionNode> Arguments) : ExpressionNode(At);
public sealed record UnaryExpression(Token At, string Operator, ExpressionNode Operand) : ExpressionNode(At);
public sealed record BinaryExpression(Token At, string Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode(At);
