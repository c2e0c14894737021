#!/usr/bin/env python3
"""Generates core/schema/data/*.schema from upstream facts (developer-side only).

Usage:
  hack/schema/gen-schema.py FIXTURES_DIR OPENAPI_DIR [--overlay hack/schema/overlay.txt]
                            [--out core/schema/data]

Inputs:
  FIXTURES_DIR  api-fixtures-v1.32/: for each kind, the same object as .json and as
                .pb ("k8s\\0" + runtime.Unknown) with every field filled. Walking the
                two together gives every message's JSON names, protobuf numbers,
                wire types, cardinality and inline embeddings.
  OPENAPI_DIR   upstream OpenAPI v3 documents: message names ($ref), integer
                formats, required, enums, constant defaults and the x-kubernetes-*
                patch and list metadata.
  overlay       hack/schema/overlay.txt: what neither input tells (message names
                of groups without an OpenAPI document, Go pointer-ness, int64,
                patch metadata of those groups); see the header of that file.

The output is the project's own schema data; the project never reads the inputs.
Prints what it could not resolve (and exits 1 if anything is missing).
"""

import argparse
import base64
import collections
import datetime
import json
import os
import re
import sys

META = "io.k8s.apimachinery.pkg.apis.meta.v1"

# Messages that are special types of the schema (Type enum), by full name.
SPECIAL = {
    META + ".Time": "time",
    META + ".MicroTime": "microtime",
    META + ".Duration": "duration",
    META + ".FieldsV1": "fieldsv1",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "intorstring",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "rawextension",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "json",
}

# ----------------------------------------------------------------------------
# Protobuf wire parsing


class WireError(Exception):
  pass


def read_varint(b, i):
  r = 0
  s = 0
  while True:
    if i >= len(b) or s > 63:
      raise WireError("bad varint")
    c = b[i]
    i += 1
    r |= (c & 0x7F) << s
    s += 7
    if c < 0x80:
      return r, i


def parse_fields(b):
  """Returns [(number, wiretype, value)] or raises WireError."""
  out = []
  i = 0
  while i < len(b):
    key, i = read_varint(b, i)
    num, wt = key >> 3, key & 7
    if num == 0:
      raise WireError("field 0")
    if wt == 0:
      v, i = read_varint(b, i)
    elif wt == 2:
      n, i = read_varint(b, i)
      if i + n > len(b):
        raise WireError("truncated")
      v = bytes(b[i:i + n])
      i += n
    elif wt == 1:
      if i + 8 > len(b):
        raise WireError("truncated")
      v = bytes(b[i:i + 8])
      i += 8
    elif wt == 5:
      if i + 4 > len(b):
        raise WireError("truncated")
      v = bytes(b[i:i + 4])
      i += 4
    else:
      raise WireError("wire type %d" % wt)
    out.append((num, wt, v))
  return out


def try_parse(b):
  try:
    return parse_fields(b)
  except WireError:
    return None


def grouped(fields):
  g = collections.OrderedDict()
  for n, wt, v in fields:
    g.setdefault(n, []).append((wt, v))
  return g


def signed64(v):
  return v - (1 << 64) if v >= (1 << 63) else v


# ----------------------------------------------------------------------------
# Shapes: what the fixtures tell about a message, before it has a name.
#
# A shape is {"fields": {json_name: FieldShape}} where FieldShape is a dict:
#   number, type (string|bool|int|double|bytes|time|microtime|duration|quantity|
#   intorstring|rawextension|fieldsv1|message|wrapper), card (single|list|map),
#   shape (for message/wrapper), inline (bool).


def fmt_time(secs, nanos, micro):
  t = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=secs)
  s = t.strftime("%Y-%m-%dT%H:%M:%S")
  if micro:
    s += ".%06d" % (nanos // 1000)
  return s + "Z"


def as_time(b, jv):
  f = try_parse(b)
  if f is None or not isinstance(jv, str):
    return None
  g = grouped(f)
  if set(g) - {1, 2} or any(wt != 0 for vs in g.values() for wt, _ in vs):
    return None
  secs = signed64(g[1][-1][1]) if 1 in g else 0
  nanos = g[2][-1][1] if 2 in g else 0
  if fmt_time(secs, nanos, False) == jv:
    return "time"
  if fmt_time(secs, nanos, True) == jv:
    return "microtime"
  return None


def single_ld(b, num=1):
  f = try_parse(b)
  if f is None or len(f) != 1 or f[0][0] != num or f[0][1] != 2:
    return None
  return f[0][2]


def as_intorstring(b, jv):
  f = try_parse(b)
  if f is None:
    return False
  g = grouped(f)
  if not g or set(g) - {1, 2, 3}:
    return False
  typ = g.get(1, [(0, 0)])[-1][1]
  if isinstance(jv, bool):
    return False
  if isinstance(jv, int):
    return typ == 0 and g.get(2, [(0, 0)])[-1][1] == jv
  if isinstance(jv, str):
    return typ == 1 and g.get(3, [(2, b"")])[-1][1] == jv.encode()
  return False


def json_text_equal(raw, jv):
  try:
    return json.loads(raw.decode()) == jv
  except (UnicodeDecodeError, ValueError):
    return False


class Walker:
  def __init__(self, inline_keys=()):
    self.inline_keys = set(inline_keys)
    self.notes = []
    self.memo = {}
    self.leaves = {}
    self.keep = []

  def scalar_match(self, jv, wt, v):
    """The type of a scalar JSON value carried by one protobuf value, or None."""
    if isinstance(jv, bool):
      return "bool" if wt == 0 and v == (1 if jv else 0) else None
    if isinstance(jv, int):
      if wt == 0 and signed64(v) == jv:
        return "int"
      if wt == 2 and as_intorstring(v, jv):
        return "intorstring"
      return None
    if isinstance(jv, float):
      if wt == 1:
        import struct
        return "double" if struct.unpack("<d", v)[0] == jv else None
      return None
    if isinstance(jv, str):
      if wt != 2:
        return None
      if v == jv.encode():
        return "string"
      t = as_time(v, jv)
      if t:
        return t
      q = single_ld(v)
      if q is not None and q == jv.encode():
        return "quantity"
      if as_intorstring(v, jv):
        return "intorstring"
      try:
        if base64.b64decode(jv, validate=True) == v and jv:
          return "bytes"
      except ValueError:
        pass
      return None
    return None

  def value_match(self, jv, wt, v):
    """(type, shape) when protobuf value v can carry JSON value jv, else None."""
    if isinstance(jv, (bool, int, float, str)):
      t = self.scalar_match(jv, wt, v)
      return (t, None) if t else None
    if isinstance(jv, dict):
      if wt != 2 or not self.leaves_in(jv, v):
        return None
      raw = single_ld(v)
      if raw is not None and json_text_equal(raw, jv):
        return ("rawextension", None)
      shape = self.walk(jv, v)
      return ("message", shape) if shape is not None else None
    if isinstance(jv, list):
      # A list-wrapper message: repeated field 1 carrying the items.
      if wt != 2:
        return None
      f = try_parse(v)
      if f is None or any(n != 1 for n, _, _ in f) or len(f) != len(jv):
        return None
      el = self.elements_match(jv, [(w, x) for _, w, x in f])
      if el is None:
        return None
      return ("wrapper", {"fields": {"items": dict(number=1, type=el[0], card="list",
                                                   shape=el[1], inline=False)}})
    return None

  def leaves_in(self, jv, v):
    """Whether every non-empty string leaf of jv occurs in v (a cheap filter)."""
    k = id(jv)
    if k not in self.leaves:
      out = set()

      def collect(x):
        if isinstance(x, str):
          if x.endswith("Value") or x.endswith("Key"):
            out.add(x.encode())
        elif isinstance(x, dict):
          for vv in x.values():
            collect(vv)
        elif isinstance(x, list):
          for vv in x:
            collect(vv)
      collect(jv)
      self.leaves[k] = out
    return all(s in v for s in self.leaves[k])

  def elements_match(self, items, pvals):
    """Common (type, shape) of list elements, or None."""
    if len(items) != len(pvals) or not items:
      return None
    res = None
    for jv, (wt, v) in zip(items, pvals):
      m = self.value_match(jv, wt, v)
      if m is None:
        return None
      res = m if res is None else (res[0], merge_shapes(res[1], m[1]) if res[1] else m[1])
    return res

  def map_match(self, jv, pvals):
    """(value type, shape) when repeated entries {1:key,2:value} carry the object jv."""
    if not jv or len(pvals) != len(jv):
      return None
    res = None
    for wt, v in pvals:
      if wt != 2:
        return None
      f = try_parse(v)
      if f is None:
        return None
      g = grouped(f)
      if set(g) - {1, 2} or 1 not in g or g[1][0][0] != 2:
        return None
      key = g[1][0][1].decode(errors="replace")
      if key not in jv:
        return None
      val = g.get(2, [(2, b"")])[0]
      m = self.value_match(jv[key], val[0], val[1])
      if m is None and jv[key] is None and val[0] == 2 and val[1] == b"":
        m = ("time", None)
      if m is None and isinstance(jv[key], str) and jv[key] == "":
        m = ("string", None)
      if m is None:
        return None
      res = m if res is None else (res[0], merge_shapes(res[1], m[1]) if res[1] else m[1])
    return res

  def candidate(self, key, jv, pvals):
    """FieldShape when the repeated values pvals of one number carry jv."""
    if isinstance(jv, list):
      if len(pvals) == len(jv):
        el = self.elements_match(jv, pvals)
        if el:
          return dict(type=el[0], card="list", shape=el[1], inline=False)
      # Packed scalars.
      if len(pvals) == 1 and pvals[0][0] == 2 and all(isinstance(x, int) for x in jv):
        b = pvals[0][1]
        vals, i = [], 0
        try:
          while i < len(b):
            x, i = read_varint(b, i)
            vals.append(signed64(x))
        except WireError:
          return None
        if vals == jv:
          return dict(type="int", card="list", shape=None, inline=False, packed=True)
      return None
    if isinstance(jv, dict) and len(pvals) == len(jv) and len(pvals) >= 1:
      m = self.map_match(jv, pvals)
      if m:
        return dict(type=m[0], card="map", shape=m[1], inline=False)
    if len(pvals) != 1:
      return None
    m = self.value_match(jv, *pvals[0])
    if m:
      return dict(type=m[0], card="single", shape=m[1], inline=False)
    return None

  def walk(self, obj, b, top=False, in_inline=False):
    """The shape of the message whose JSON is obj and protobuf bytes b; None if no match."""
    key = (id(obj), tuple(obj), b, top, in_inline)
    if key not in self.memo:
      self.keep.append(obj)
      self.memo[key] = self.walk_uncached(obj, b, top, in_inline)
    return self.memo[key]

  def walk_uncached(self, obj, b, top, in_inline):
    f = try_parse(b)
    if f is None:
      return None
    g = grouped(f)
    keys = [k for k in obj if not (top and k in ("kind", "apiVersion"))]
    cands = {}
    for k in keys:
      cands[k] = {}
      if k in self.inline_keys and not in_inline:
        continue  # carried by an inline embedding (overlay `inlinekey`)
      for n, pvals in g.items():
        c = self.candidate(k, obj[k], pvals)
        if c:
          cands[k][n] = c
      anchor = None
      if isinstance(obj[k], int) and not isinstance(obj[k], bool):
        anchor = obj[k]
      elif isinstance(obj[k], str) and re.match(r"^20\d\d-01-01T01:01:01", obj[k]):
        anchor = int(obj[k][2:4])
      if anchor in cands[k] and len(cands[k]) > 1:
        cands[k] = {anchor: cands[k][anchor]}
    assigned = {}
    used = set()
    changed = True
    while changed:
      changed = False
      for k in keys:
        if k in assigned:
          continue
        opts = [n for n in cands[k] if n not in used]
        if len(opts) == 1:
          assigned[k] = opts[0]
          used.add(opts[0])
          changed = True
      # Numbers wanted by exactly one key.
      for n in g:
        if n in used:
          continue
        ks = [k for k in keys if k not in assigned and n in cands[k]]
        if len(ks) == 1 and len([m for m in cands[ks[0]] if m not in used]) > 1:
          pass  # resolved below by order
    # Ambiguities: assign by order (JSON key order follows Go field order, as do
    # protobuf numbers for fields that were there from the start).
    notes = []
    rest = [k for k in keys if k not in assigned and any(n not in used for n in cands[k])]
    if rest:
      for k in rest:
        opts = sorted(n for n in cands[k] if n not in used)
        if not opts:
          continue
        assigned[k] = opts[0]
        used.add(opts[0])
        if len(opts) > 1:
          notes.append("ambiguous: %r could be fields %s; took %d by order" %
                       (k, opts, opts[0]))
    fields = {}
    for k, n in assigned.items():
      fs = dict(cands[k][n])
      fs["number"] = n
      fields[k] = fs
    left_keys = [k for k in keys if k not in assigned]
    left_nums = [n for n in g if n not in used]
    # Inline embedding: one leftover message carries the leftover keys.
    if left_keys and left_nums:
      for n in list(left_nums):
        pvals = g[n]
        if len(pvals) != 1 or pvals[0][0] != 2:
          continue
        sub = {k: obj[k] for k in left_keys}
        shape = self.walk(sub, pvals[0][1], in_inline=True)
        if shape is not None:
          self.keep.append(sub)
          fields["<inline %d>" % n] = dict(number=n, type="message", card="single",
                                           shape=shape, inline=True)
          left_nums.remove(n)
          left_keys = []
          break
    if left_keys or left_nums:
      if top:
        self.notes.append("unmatched keys %s, numbers %s" % (left_keys, left_nums))
      return None
    return {"fields": fields, "notes": notes}


def merge_shapes(a, b):
  if a is None:
    return b
  if b is None:
    return a
  fa = dict(a["fields"])
  for k, v in b["fields"].items():
    if k in fa:
      fa[k] = dict(fa[k])
      fa[k]["shape"] = merge_shapes(fa[k].get("shape"), v.get("shape"))
    else:
      fa[k] = v
  return {"fields": fa, "notes": a.get("notes", []) + b.get("notes", [])}


# ----------------------------------------------------------------------------
# OpenAPI


class OpenApi:
  def __init__(self, folder):
    self.schemas = {}
    for name in sorted(os.listdir(folder)):
      if name.endswith(".json"):
        with open(os.path.join(folder, name)) as fh:
          doc = json.load(fh)
        self.schemas.update(doc.get("components", {}).get("schemas", {}))

  @staticmethod
  def ref_of(prop):
    """The component a property refers to, through allOf/items/additionalProperties."""
    if prop is None:
      return None
    if "$ref" in prop:
      return prop["$ref"].split("/")[-1]
    for a in prop.get("allOf", []):
      if "$ref" in a:
        return a["$ref"].split("/")[-1]
    for sub in ("items", "additionalProperties"):
      if isinstance(prop.get(sub), dict):
        r = OpenApi.ref_of(prop[sub])
        if r:
          return r
    return None

  inline_parent = {}

  def prop(self, message, field):
    s = self.schemas.get(message)
    if s is None and message in self.inline_parent:
      s = self.schemas.get(self.inline_parent[message])
    if s is None:
      return None
    return s.get("properties", {}).get(field)


# ----------------------------------------------------------------------------
# Overlay


class Overlay:
  """hack/schema/overlay.txt; see its header."""

  def __init__(self, path):
    self.kind_message = {}  # "core.v1.Status" -> full message name
    self.types = {}  # (message, json field) -> full message name
    self.inline = {}  # (message, number) -> (go name, message)
    self.fields = collections.defaultdict(dict)  # message -> field -> {attr: value}
    self.messages = collections.defaultdict(dict)  # message -> {attr: value}
    self.reviewed = set()  # messages whose Go struct was read for pointer-ness
    self.nolist = set()
    self.inline_keys = set()
    self.lists = set()
    self.extra_kinds = []  # (apiVersion, kind, message)
    pkg = ""
    with open(path) as fh:
      for lineno, line in enumerate(fh, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
          continue
        t = line.split()
        op = t[0]
        try:
          if op == "package":
            pkg = t[1]
          elif op == "kind":  # kind FIXTURE_BASENAME MESSAGE
            self.kind_message[t[1]] = self.full(pkg, t[2])
          elif op == "alsokind":  # alsokind APIVERSION KIND MESSAGE
            self.extra_kinds.append((t[1], t[2], self.full(pkg, t[3])))
          elif op == "inlinekey":  # inlinekey JSONNAME...: only ever inside an inline
            self.inline_keys.update(t[1:])
          elif op == "nolist":
            self.nolist.update(self.full(pkg, x) for x in t[1:])
          elif op == "list":
            self.lists.update(self.full(pkg, x) for x in t[1:])
          elif op == "msg":  # msg NAME [attr[=value] ...] [field:attr[=value] ...]
            name = self.full(pkg, t[1])
            self.reviewed.add(name)
            for item in t[2:]:
              head, colon, rest = item.partition(":")
              if colon and "=" not in head:
                k, _, v = rest.partition("=")
                if k == "type":
                  self.types[(name, head)] = self.full(pkg, v)
                else:
                  self.fields[name].setdefault(head, {})[k] = v if v else True
              else:
                k, _, v = item.partition("=")
                self.messages[name][k] = v if v else True
          elif op == "inline":  # inline MESSAGE NUMBER GOFIELD TYPE
            self.inline[(self.full(pkg, t[1]), int(t[2]))] = (t[3], self.full(pkg, t[4]))
          else:
            raise ValueError("unknown directive " + op)
        except (IndexError, ValueError) as e:
          sys.exit("%s:%d: %s" % (path, lineno, e))

  @staticmethod
  def full(pkg, name):
    if "." in name or not pkg:
      return name
    return pkg + "." + name


# ----------------------------------------------------------------------------
# Naming and merging


GROUP_PACKAGE = {
    "core": "core", "rbac.authorization.k8s.io": "rbac",
    "flowcontrol.apiserver.k8s.io": "flowcontrol",
}


def kind_package(group, version):
  short = GROUP_PACKAGE.get(group, group.split(".")[0])
  return "io.k8s.api.%s.%s" % (short, version)


class Builder:
  def __init__(self, openapi, overlay):
    self.openapi = openapi
    self.overlay = overlay
    self.messages = collections.OrderedDict()  # name -> {json: field dict}
    self.msg_attrs = collections.defaultdict(dict)
    self.missing = []
    self.notes = set()
    self.guessed = []
    self.conflicts = []

  def type_name(self, parent, json_name, fs):
    name = self.overlay.types.get((parent, json_name))
    if name:
      return name
    r = OpenApi.ref_of(self.openapi.prop(parent, json_name))
    if r:
      return r
    if json_name == "metadata" and fs.get("shape"):
      keys = set(fs["shape"]["fields"])
      if "generateName" in keys:
        return META + ".ObjectMeta"
      if "continue" in keys:
        return META + ".ListMeta"
    # A message of the parent's package or of meta/v1 with exactly these fields.
    if fs.get("shape") and fs["type"] == "message" and parent not in self.openapi.schemas:
      keys = set(fs["shape"]["fields"])
      pkg = parent.rsplit(".", 1)[0]
      hits = [n for n, sch in self.openapi.schemas.items()
              if n in (META + ".LabelSelector", META + ".Condition") and
              set(sch.get("properties", {})) - {"apiVersion", "kind"} == keys and keys]
      if len(hits) == 1:
        self.guessed.append("%s.%s -> %s (by its fields)" % (parent, json_name, hits[0]))
        return hits[0]
    self.missing.append("%s.%s" % (parent, json_name))
    return "UNKNOWN.%s.%s" % (parent.split(".")[-1], json_name)

  def pin(self, name, shape):
    """Applies the overlay's num= pins by swapping numbers between fields."""
    pins = {k: int(a["num"]) for k, a in self.overlay.fields.get(name, {}).items() if "num" in a}
    if not pins:
      return shape
    fields = {k: dict(v) for k, v in shape["fields"].items()}
    for k, n in pins.items():
      if k not in fields or fields[k]["number"] == n:
        continue
      other = [j for j, f in fields.items() if f["number"] == n]
      old = fields[k]["number"]
      fields[k]["number"] = n
      for j in other:
        fields[j]["number"] = old
    return dict(shape, fields=fields)

  def add(self, name, shape):
    shape = self.pin(name, shape)
    fields = self.messages.setdefault(name, collections.OrderedDict())
    pinned = set(self.overlay.fields.get(name, {}))
    for n in shape.get("notes", []):
      if n.split("'")[1] not in pinned:
        self.notes.add("%s: %s" % (name, n))
    for json_name, fs in sorted(shape["fields"].items(), key=lambda kv: kv[1]["number"]):
      f = dict(number=fs["number"], card=fs["card"], inline=fs["inline"])
      t = fs["type"]
      if fs["inline"]:
        go, sub = self.overlay.inline.get((name, fs["number"]), (None, None))
        if sub is None:
          self.missing.append("inline %s %d" % (name, fs["number"]))
          go, sub = "Inline%d" % fs["number"], "UNKNOWN.%s.inline%d" % (name, fs["number"])
        json_name = go
        f["type"] = sub
        self.openapi.inline_parent[sub] = name
        self.add(sub, fs["shape"])
      elif t in ("message", "wrapper", "rawextension"):
        sub = self.type_name(name, json_name, fs)
        if sub in SPECIAL:
          f["type"] = SPECIAL[sub]
        elif t == "rawextension":
          f["type"] = "rawextension"
        else:
          f["type"] = sub
          if t == "wrapper":
            self.msg_attrs[sub]["listwrapper"] = "items"
          self.add(sub, fs["shape"])
      else:
        f["type"] = t
        # OpenAPI refines special strings (a Time ref that decoded as a string etc.).
      old = fields.get(json_name)
      if old and (old["number"], old["type"], old["card"]) != (f["number"], f["type"], f["card"]):
        self.conflicts.append("%s.%s: %s vs %s" % (name, json_name, old, f))
      fields[json_name] = f

  def add_top_level(self, name, obj):
    fields = self.messages[name]
    for k in ("apiVersion", "kind"):
      if k in obj or (self.openapi.prop(name, k) is not None):
        fields.setdefault(k, dict(number=0, card="single", inline=False, type="string"))


# ----------------------------------------------------------------------------
# Output


SCALAR_FROM_SHAPE = {"int": "int32"}


def field_line(pkg, msg, json_name, f, openapi, overlay):
  t = f["type"]
  prop = openapi.prop(msg, json_name) or {}
  extra = overlay.fields.get(msg, {}).get(json_name, {})
  if t == "int":
    fmt = prop.get("format") if prop.get("type") == "integer" else None
    if fmt is None and f["card"] != "single":
      sub = prop.get("items") or prop.get("additionalProperties") or {}
      fmt = sub.get("format")
    if extra.get("int64"):
      fmt = "int64"
    t = "int64" if fmt == "int64" else "int32"
  if "." in t:
    t = short_name(pkg, t)
  if f["card"] == "list":
    t = "[]" + t
  elif f["card"] == "map":
    t = "map[string]" + t
  attrs = []
  if f["inline"]:
    attrs.append("inline")
  if extra.get("ptr"):
    attrs.append("ptr")
  required = set(openapi.schemas.get(msg, {}).get("required", []))
  if json_name in required or extra.get("required"):
    attrs.append("required")
  ps = extra.get("patch") or prop.get("x-kubernetes-patch-strategy")
  if ps:
    attrs.append("patch=" + ps)
  mk = extra.get("mergekey") or prop.get("x-kubernetes-patch-merge-key")
  if mk:
    attrs.append("mergekey=" + mk)
  lt = extra.get("list") or prop.get("x-kubernetes-list-type")
  if lt:
    attrs.append("list=" + lt)
  lk = extra.get("listkeys") or ",".join(prop.get("x-kubernetes-list-map-keys", []))
  if lk:
    attrs.append("listkeys=" + lk)
  mt = extra.get("map") or prop.get("x-kubernetes-map-type")
  if mt:
    attrs.append("map=" + mt)
  d = extra.get("default")
  if d is None and "default" in prop and prop["default"] != {}:
    d = json.dumps(prop["default"], separators=(",", ":"))
  if d:
    d = d.replace(" ", "\\u0020")
    attrs.append("default=" + d)
  en = extra.get("enum")
  if en is None:
    vals = prop.get("enum") or (prop.get("items") or {}).get("enum")
    if vals:
      for v in vals:
        if not isinstance(v, str) or re.search(r"[\s|]", v) or v == "":
          vals = [x for x in vals if isinstance(x, str) and x and not re.search(r"[\s|]", x)]
          break
      en = "|".join(vals)
  if en:
    attrs.append("enum=" + en)
  return "  %s %d %s%s" % (json_name, f["number"], t, "".join(" " + a for a in attrs))


def short_name(pkg, full):
  if full.startswith(pkg + ".") and "." not in full[len(pkg) + 1:]:
    return full[len(pkg) + 1:]
  return full


def package_of(name):
  return name.rsplit(".", 1)[0]


def file_for_package(pkg):
  # io.k8s.api.apps.v1 -> apps.v1; io.k8s.apimachinery.pkg.apis.meta.v1 -> meta.v1
  if pkg.startswith("io.k8s.api."):
    return pkg[len("io.k8s.api."):]
  if pkg == META:
    return "meta.v1"
  if pkg.startswith("io.k8s.apiextensions-apiserver"):
    return "apiextensions.v1"
  return pkg.split(".")[-1]


def main():
  ap = argparse.ArgumentParser()
  ap.add_argument("fixtures")
  ap.add_argument("openapi")
  here = os.path.dirname(os.path.abspath(__file__))
  ap.add_argument("--overlay", default=os.path.join(here, "overlay.txt"))
  ap.add_argument("--out", default=os.path.join(here, "..", "..", "core", "schema", "data"))
  ap.add_argument("--verbose", action="store_true")
  args = ap.parse_args()

  openapi = OpenApi(args.openapi)
  overlay = Overlay(args.overlay)
  builder = Builder(openapi, overlay)
  kinds = []  # (apiVersion, kind, message)
  notes = []
  for name in sorted(os.listdir(args.fixtures)):
    if not name.endswith(".json"):
      continue
    base = name[:-5]
    with open(os.path.join(args.fixtures, name)) as fh:
      obj = json.load(fh)
    with open(os.path.join(args.fixtures, base + ".pb"), "rb") as fh:
      pb = fh.read()
    assert pb[:4] == b"k8s\0", base
    env = grouped(parse_fields(pb[4:]))
    raw = env[2][0][1]
    group_version, kind = base.rsplit(".", 1)
    group, version = group_version.rsplit(".", 1)
    message = overlay.kind_message.get(base) or "%s.%s" % (kind_package(group, version), kind)
    api_version = version if group == "core" else "%s/%s" % (group, version)
    kinds.append((api_version, kind, message))
    w = Walker(overlay.inline_keys)
    shape = w.walk(obj, raw, top=True)
    for n in w.notes:
      notes.append("%s: %s" % (base, n))
    if shape is None:
      notes.append("%s: NO MATCH" % base)
      continue
    builder.add(message, shape)
    builder.add_top_level(message, obj)
  kinds += overlay.extra_kinds

  # Synthesized list kinds: {metadata: ListMeta 1, items: []X 2}.
  for api_version, kind, message in list(kinds):
    fields = builder.messages.get(message, {})
    meta = fields.get("metadata")
    wants = message in overlay.lists or (
        meta and meta["type"] == META + ".ObjectMeta" and message not in overlay.nolist)
    if not wants:
      continue
    lname = message + "List"
    builder.messages[lname] = collections.OrderedDict([
        ("apiVersion", dict(number=0, card="single", inline=False, type="string")),
        ("kind", dict(number=0, card="single", inline=False, type="string")),
        ("metadata", dict(number=1, card="single", inline=False, type=META + ".ListMeta")),
        ("items", dict(number=2, card="list", inline=False, type=message)),
    ])
    kinds.append((api_version, kind + "List", lname))

  # Messages named only through the overlay (not reached by any fixture).
  for name, attrs in overlay.messages.items():
    if attrs.get("define") and name not in builder.messages:
      builder.messages[name] = collections.OrderedDict()
  for name, fields in overlay.fields.items():
    if overlay.messages.get(name, {}).get("define"):
      for fname, a in fields.items():
        if fname not in builder.messages[name] and "num" in a:
          t = a.get("t", "string")
          card = "single"
          if t.startswith("[]"):
            card, t = "list", t[2:]
          elif t.startswith("map[string]"):
            card, t = "map", t[len("map[string]"):]
          if t not in ("string", "bool", "int32", "int64", "double", "bytes", "quantity",
                       "time", "microtime", "duration", "intorstring", "rawextension",
                       "fieldsv1", "json"):
            t = Overlay.full(package_of(name), t)
          builder.messages[name][fname] = dict(number=int(a["num"]), card=card,
                                               inline=False, type=t)

  # Every reviewed message exists; report scalar fields of unreviewed messages.
  unreviewed = [m for m in builder.messages if m not in overlay.reviewed
                and not m.endswith("List")]
  for key in overlay.fields:
    pass

  # Group by file.
  files = collections.defaultdict(list)
  for name in builder.messages:
    files[file_for_package(package_of(name))].append(name)
  kind_files = collections.defaultdict(list)
  for api_version, kind, message in kinds:
    kind_files[file_for_package(package_of(message))].append((api_version, kind, message))
  os.makedirs(args.out, exist_ok=True)
  # Replace the generated files; hand-maintained ones (no generated header) stay.
  for old in os.listdir(args.out):
    path = os.path.join(args.out, old)
    if old.endswith(".schema"):
      with open(path) as fh:
        if fh.readline().startswith("# Generated by hack/schema/gen-schema.py"):
          os.remove(path)
  for fname, names in sorted(files.items()):
    pkg = package_of(names[0])
    lines = ["# Generated by hack/schema/gen-schema.py; edit hack/schema/overlay.txt instead.",
             "# Format: core/schema/README.md.", "", "package " + pkg, ""]
    for api_version, kind, message in sorted(kind_files.get(fname, [])):
      lines.append("kind %s %s %s" % (api_version, kind, short_name(pkg, message)))
    if kind_files.get(fname):
      lines.append("")
    for name in sorted(names):
      attrs = dict(builder.msg_attrs.get(name, {}))
      attrs.update({k: v for k, v in overlay.messages.get(name, {}).items() if k != "define"})
      mt = (openapi.schemas.get(name) or {}).get("x-kubernetes-map-type")
      if mt and "map" not in attrs:
        attrs["map"] = mt
      head = "message " + short_name(pkg, name)
      for k in sorted(attrs):
        head += " %s=%s" % (k, attrs[k])
      lines.append(head)
      fields = builder.messages[name]
      for json_name, f in sorted(fields.items(), key=lambda kv: (kv[1]["number"] == 0,
                                                                   kv[1]["number"], kv[0])):
        lines.append(field_line(pkg, name, json_name, f, openapi, overlay))
      lines.append("")
    with open(os.path.join(args.out, fname + ".schema"), "w") as fh:
      fh.write("\n".join(lines).rstrip("\n") + "\n")

  # Reports.
  ok = True
  for n in notes + sorted(builder.notes):
    print("note:", n)
  for c in builder.conflicts:
    print("CONFLICT:", c)
    ok = False
  for m in sorted(set(builder.guessed)):
    print("guessed:", m)
  for m in sorted(set(builder.missing)):
    print("MISSING type name:", m)
    ok = False
  # OpenAPI cross-check: every property of a covered message is known.
  for name, fields in builder.messages.items():
    s = openapi.schemas.get(name)
    if not s:
      continue
    known = set(fields)
    for f in fields.values():
      if f["inline"]:
        known |= set(builder.messages.get(f["type"], {}))
    for p in s.get("properties", {}):
      if p not in known:
        print("openapi-only field (not in any fixture): %s.%s" % (name, p))
  ptr_unknown = []
  for name in unreviewed:
    scal = [k for k, f in builder.messages[name].items()
            if f["card"] == "single" and f["number"] and "." not in f["type"]]
    if scal:
      ptr_unknown.append("%s (%s)" % (name, ",".join(scal)))
  if args.verbose:
    for p in ptr_unknown:
      print("pointer-ness not reviewed:", p)
  print("%d kinds, %d messages, %d files; %d messages with scalars not reviewed for "
        "pointer-ness" % (len(kinds), len(builder.messages), len(files), len(ptr_unknown)))
  for (msg, fname) in sorted(overlay.types):
    pass
  # Overlay fields that name nothing.
  for msg, fields in overlay.fields.items():
    if msg not in builder.messages:
      print("overlay names unknown message:", msg)
      continue
    known = set(builder.messages[msg])
    for fname in fields:
      if fname not in known:
        print("overlay names unknown field: %s.%s" % (msg, fname))
  return 0 if ok else 1


if __name__ == "__main__":
  sys.exit(main())
