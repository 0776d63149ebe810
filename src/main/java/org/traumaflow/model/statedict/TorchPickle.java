package org.traumaflow.model.statedict;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pickle {@code torch.save(state_dict)} writes as {@code data.pkl}, read without running it: a
 * small stack machine for the protocol-2 opcodes such a pickle is made of, which knows only the
 * callables a state dict names ({@code collections.OrderedDict}, {@code
 * torch._utils._rebuild_tensor_v2} and {@code _rebuild_parameter}, and torch's storage classes
 * as persistent ids). Any other opcode or global is refused, naming it: a pickle is a program,
 * and a weights file from elsewhere must not get to run one.
 *
 * <p>The result maps each tensor's name to a {@link TensorView}; the storages' bytes are the
 * archive's, read by {@link TorchSaveFile}.
 */
final class TorchPickle {
  /** A storage the pickle refers to by persistent id: its element type, archive key and length in elements. */
  record StorageRef(TensorDtype dtype, String key, long numel) {}

  /** A tensor as the pickle rebuilds it: a strided view of a storage. */
  record TensorView(StorageRef storage, long offset, long[] size, long[] stride) {}

  /** A module-qualified callable the pickle names. */
  private record Global(String module, String name) {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  private record Tuple(List<Object> items) {}

  private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
  private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
  private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
  private static final Set<Global> CALLABLES = Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER);

  private final byte[] data;
  private final String source;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int at;

  private TorchPickle(byte[] data, String source) {
    this.data = data;
    this.source = source;
  }

  /**
   * The tensors of the state dict pickled in {@code data}, by name in the pickle's order.
   *
   * @param source the file, for messages
   */
  static Map<String, TensorView> read(byte[] data, String source) throws StateDictException {
    TorchPickle pickle = new TorchPickle(data, source);
    return pickle.stateDict(pickle.run());
  }

  private Map<String, TensorView> stateDict(Object top) throws StateDictException {
    if (!(top instanceof Map<?, ?> dict)) {
      throw refused("the pickle holds a " + describe(top) + ", not a state dict (a dict of tensors)");
    }
    Map<String, TensorView> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : dict.entrySet()) {
      if (!(entry.getKey() instanceof String name) || !(entry.getValue() instanceof TensorView tensor)) {
        throw refused("entry '" + entry.getKey() + "' is a " + describe(entry.getValue()) + ", not a tensor: save model.state_dict() itself, "
            + "not a checkpoint that holds it");
      }
      tensors.put(name, tensor);
    }
    return tensors;
  }

  private Object run() throws StateDictException {
    while (true) {
      int position = at;
      int opcode = u1();
      switch (opcode) {
        case 0x80 -> u1(); // PROTO: the version byte; the opcodes below are what is checked
        case '.' -> { // STOP
          return pop();
        }
        case '(' -> marks.push(stack.size()); // MARK
        case ')' -> stack.add(new Tuple(List.of())); // EMPTY_TUPLE
        case 't' -> stack.add(new Tuple(popToMark())); // TUPLE
        case 0x85, 0x86, 0x87 -> stack.add(new Tuple(popLast(opcode - 0x84))); // TUPLE1, TUPLE2, TUPLE3
        case '}' -> stack.add(new LinkedHashMap<>()); // EMPTY_DICT
        case 's' -> { // SETITEM
          Object value = pop();
          Object key = pop();
          dict(peek()).put(key, value);
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popToMark();
          Map<Object, Object> dict = dict(peek());
          for (int i = 0; i + 1 < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
          }
        }
        case 'c' -> stack.add(global(new Global(line(), line()))); // GLOBAL
        case 'X' -> stack.add(new String(bytes(u4()), StandardCharsets.UTF_8)); // BINUNICODE
        case 'q' -> memo.put((long) u1(), peek()); // BINPUT
        case 'r' -> memo.put(u4() & 0xFFFFFFFFL, peek()); // LONG_BINPUT
        case 'h' -> stack.add(memo(u1())); // BINGET
        case 'j' -> stack.add(memo(u4() & 0xFFFFFFFFL)); // LONG_BINGET
        case 'J' -> stack.add((long) u4()); // BININT
        case 'K' -> stack.add((long) u1()); // BININT1
        case 'M' -> stack.add((long) (u1() | u1() << 8)); // BININT2
        case 0x8a -> stack.add(long1(u1())); // LONG1
        case 0x88 -> stack.add(Boolean.TRUE); // NEWTRUE
        case 0x89 -> stack.add(Boolean.FALSE); // NEWFALSE
        case 'N' -> stack.add(null); // NONE
        case 'Q' -> stack.add(storage(pop())); // BINPERSID
        case 'R' -> { // REDUCE
          Object args = pop();
          stack.add(call(pop(), args));
        }
        case 'b' -> pop(); // BUILD: the state of an OrderedDict (its _metadata of module versions), unused
        default -> throw refused(String.format(Locale.ROOT, "pickle opcode 0x%02x %s at byte %d is not one a state dict is made of; refused",
            opcode, opcodeName(opcode), position));
      }
    }
  }

  private Global global(Global global) throws StateDictException {
    if (CALLABLES.contains(global) || global.module().equals("torch") && TensorDtype.ofTorchStorage(global.name()).isPresent()) {
      return global;
    }
    if (global.module().equals("torch") && global.name().endsWith("Storage")) {
      throw refused("tensors of type torch." + global.name() + " are not read (float32, float16, bfloat16, float64 and int64 are)");
    }
    throw refused("the pickle names the global '" + global + "', which a state dict does not need; refused (allowed: "
        + "collections.OrderedDict, torch._utils._rebuild_tensor_v2 and _rebuild_parameter, torch's storage classes)");
  }

  /** A persistent id: {@code ('storage', torch.XStorage, key, location, numel)}. */
  private StorageRef storage(Object id) throws StateDictException {
    List<Object> items = id instanceof Tuple tuple ? tuple.items() : List.of();
    if (items.size() != 5 || !"storage".equals(items.get(0)) || !(items.get(1) instanceof Global type) || !(items.get(2) instanceof String key)
        || !(items.get(4) instanceof Long numel) || numel < 0) {
      throw refused("a persistent id is not ('storage', type, key, location, size): " + describe(id));
    }
    TensorDtype dtype = type.module().equals("torch") ? TensorDtype.ofTorchStorage(type.name()).orElse(null) : null;
    if (dtype == null) {
      throw refused("a persistent id names " + type + ", not a storage class");
    }
    return new StorageRef(dtype, key, numel);
  }

  private Object call(Object callable, Object arguments) throws StateDictException {
    List<Object> args = arguments instanceof Tuple tuple ? tuple.items() : null;
    if (ORDERED_DICT.equals(callable) && args != null && args.isEmpty()) {
      return new LinkedHashMap<>();
    }
    if (REBUILD_TENSOR.equals(callable) && args != null && (args.size() == 6 || args.size() == 7)
        && args.get(0) instanceof StorageRef storage && args.get(1) instanceof Long offset
        && args.get(2) instanceof Tuple size && args.get(3) instanceof Tuple stride) {
      return new TensorView(storage, offset, longs(size), longs(stride));
    }
    if (REBUILD_PARAMETER.equals(callable) && args != null && args.size() == 3 && args.get(0) instanceof TensorView tensor) {
      return tensor;
    }
    throw refused("the pickle calls " + callable + " with " + describe(arguments) + ", which is not how a state dict rebuilds its tensors");
  }

  private long[] longs(Tuple tuple) throws StateDictException {
    long[] values = new long[tuple.items().size()];
    for (int i = 0; i < values.length; i++) {
      if (!(tuple.items().get(i) instanceof Long value)) {
        throw refused("a tensor's size or stride holds " + describe(tuple.items().get(i)) + ", not an integer");
      }
      values[i] = value;
    }
    return values;
  }

  private Object long1(int length) throws StateDictException {
    if (length > 8) {
      throw refused("an integer of " + length + " bytes is larger than any tensor size");
    }
    byte[] bytes = bytes(length);
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = value << 8 | (bytes[i] & 0xFF);
    }
    // Two's complement of `length` bytes: sign-extend from its top bit.
    return length == 0 ? 0L : value << (64 - 8 * length) >> (64 - 8 * length);
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object value) throws StateDictException {
    if (!(value instanceof Map<?, ?>)) {
      throw refused("the pickle sets items of a " + describe(value) + ", not of a dict");
    }
    return (Map<Object, Object>) value;
  }

  private Object memo(long index) throws StateDictException {
    if (!memo.containsKey(index)) {
      throw refused("the pickle reads memo " + index + " before it is written");
    }
    return memo.get(index);
  }

  private List<Object> popToMark() throws StateDictException {
    if (marks.isEmpty()) {
      throw refused("the pickle closes a MARK it never opened");
    }
    return popLast(stack.size() - marks.pop());
  }

  private List<Object> popLast(int count) throws StateDictException {
    if (count > stack.size()) {
      throw refused("the pickle's stack underflows");
    }
    List<Object> top = new ArrayList<>(stack.subList(stack.size() - count, stack.size()));
    stack.subList(stack.size() - count, stack.size()).clear();
    return top;
  }

  private Object pop() throws StateDictException {
    return popLast(1).get(0);
  }

  private Object peek() throws StateDictException {
    if (stack.isEmpty()) {
      throw refused("the pickle's stack underflows");
    }
    return stack.get(stack.size() - 1);
  }

  private String line() throws StateDictException {
    int end = at;
    while (end < data.length && data[end] != '\n') {
      end++;
    }
    if (end == data.length) {
      throw refused("the pickle ends inside a GLOBAL's name");
    }
    String line = new String(bytes(end - at), StandardCharsets.UTF_8);
    at++;
    return line;
  }

  private int u1() throws StateDictException {
    return bytes(1)[0] & 0xFF;
  }

  private int u4() throws StateDictException {
    byte[] b = bytes(4);
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }

  private byte[] bytes(int count) throws StateDictException {
    if (count < 0 || count > data.length - at) {
      throw refused("the pickle ends inside an opcode at byte " + at);
    }
    byte[] bytes = Arrays.copyOfRange(data, at, at + count);
    at += count;
    return bytes;
  }

  /** Every pickle opcode's name (Python's pickletools), for the message that refuses one. */
  private static final String OPCODE_NAMES = " 28:MARK 29:EMPTY_TUPLE 2e:STOP 30:POP 31:POP_MARK 32:DUP 42:BINBYTES 43:SHORT_BINBYTES "
      + "46:FLOAT 47:BINFLOAT 49:INT 4a:BININT 4b:BININT1 4c:LONG 4d:BININT2 4e:NONE 50:PERSID 51:BINPERSID 52:REDUCE 53:STRING "
      + "54:BINSTRING 55:SHORT_BINSTRING 56:UNICODE 58:BINUNICODE 5d:EMPTY_LIST 61:APPEND 62:BUILD 63:GLOBAL 64:DICT 65:APPENDS "
      + "67:GET 68:BINGET 69:INST 6a:LONG_BINGET 6c:LIST 6f:OBJ 70:PUT 71:BINPUT 72:LONG_BINPUT 73:SETITEM 74:TUPLE 75:SETITEMS "
      + "7d:EMPTY_DICT 80:PROTO 81:NEWOBJ 82:EXT1 83:EXT2 84:EXT4 85:TUPLE1 86:TUPLE2 87:TUPLE3 88:NEWTRUE 89:NEWFALSE 8a:LONG1 "
      + "8b:LONG4 8c:SHORT_BINUNICODE 8d:BINUNICODE8 8e:BINBYTES8 8f:EMPTY_SET 90:ADDITEMS 91:FROZENSET 92:NEWOBJ_EX "
      + "93:STACK_GLOBAL 94:MEMOIZE 95:FRAME 96:BYTEARRAY8 97:NEXT_BUFFER 98:READONLY_BUFFER ";

  private static String opcodeName(int opcode) {
    String key = String.format(Locale.ROOT, " %02x:", opcode);
    int at = OPCODE_NAMES.indexOf(key);
    return at < 0 ? "(no pickle opcode)" : OPCODE_NAMES.substring(at + key.length(), OPCODE_NAMES.indexOf(' ', at + key.length()));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Map<?, ?>) {
      return "dict";
    }
    if (value instanceof Tuple tuple) {
      return "tuple of " + tuple.items().size();
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  private StateDictException refused(String reason) {
    return new StateDictException(source + ": " + reason);
  }
}
