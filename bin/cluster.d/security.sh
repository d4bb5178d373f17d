# shellcheck shell=bash
# bin/cluster: the cluster's secrets, tokens and certificate, and curl of a node's admin port with them.

# Jars from before the security settings refuse the key (bin/compare runs old commits' jars).
jar_knows_security() { unzip -l "$JAR" dynamo/security/SecurityConfig.class >/dev/null 2>&1; }

# A random secret in a file only we can read; kept if it exists (down and up keep the cluster).
write_secret() {
  [[ -s "$1" ]] && return 0
  (umask 077 && head -c 30 /dev/urandom | base64 | tr '+/' '-_' >"$1")
}

# The cluster's secrets: the broker password always, the tokens with --auth, a certificate with
# --tls or --https (one self-signed key pair every node shows, valid for 127.0.0.1-99 and
# localhost, and a trust store holding it: enough for one machine's cluster, not a CA).
prepare_security() {
  jar_knows_security || { note "$JAR predates the security settings: brokers accept anyone"; return 0; }
  mkdir -p "$SECURITY_DIR"
  chmod 700 "$SECURITY_DIR"
  write_secret "$SECURITY_DIR/cluster.secret"
  if $AUTH; then
    write_secret "$SECURITY_DIR/api.token"
    write_secret "$SECURITY_DIR/admin.token"
    (umask 077 && printf 'Authorization: Bearer %s\n' "$(<"$SECURITY_DIR/admin.token")" >"$SECURITY_DIR/admin.header")
  fi
  if $TLS || $HTTPS; then make_certificate; fi
}

make_certificate() {
  local dir="$SECURITY_DIR" sans="dns:localhost" i
  [[ -s "$dir/cluster.p12" && -s "$dir/trust.p12" && -s "$dir/cluster.pem" ]] && return 0
  command -v keytool >/dev/null || die "--tls and --https need keytool (part of the JDK)"
  write_secret "$dir/store.password"
  for ((i = 1; i <= 99; i++)); do sans+=",ip:127.0.0.$i"; done
  rm -f "$dir/cluster.p12" "$dir/trust.p12" "$dir/cluster.pem"
  (umask 077 &&
    keytool -genkeypair -alias dynamo-node -keyalg EC -groupname secp256r1 -validity 3650 \
      -dname "CN=dynamo local cluster" -ext "SAN=$sans" -storetype PKCS12 -keystore "$dir/cluster.p12" \
      -storepass:file "$dir/store.password" -keypass:file "$dir/store.password" &&
    keytool -exportcert -rfc -alias dynamo-node -keystore "$dir/cluster.p12" \
      -storepass:file "$dir/store.password" -file "$dir/cluster.pem" &&
    keytool -importcert -noprompt -alias dynamo-cluster -file "$dir/cluster.pem" -storetype PKCS12 \
      -keystore "$dir/trust.p12" -storepass:file "$dir/store.password") >"$dir/keytool.log" 2>&1 ||
    die "keytool failed (see $dir/keytool.log)"
}

# The node's security: section (nothing for jars that do not know it).
security_config() {
  jar_knows_security || return 0
  local dir="$SECURITY_DIR" pw
  echo "security:"
  echo "  clusterSecretFile: $dir/cluster.secret"
  if $AUTH; then
    echo "  apiTokenFile: $dir/api.token"
    echo "  adminTokenFile: $dir/admin.token"
  fi
  if $TLS; then
    pw="$(<"$dir/store.password")"
    echo "  brokerTls: {keyStore: $dir/cluster.p12, keyStorePassword: \"$pw\", trustStore: $dir/trust.p12, trustStorePassword: \"$pw\"}"
  fi
}

# admin_curl I PATH [curl options]: curl of node I's admin port, trusting the cluster's certificate,
# with the admin token except for /ping.
admin_curl() {
  local i="$1" path="$2" args=()
  shift 2
  if $HTTPS; then args+=(--cacert "$SECURITY_DIR/cluster.pem"); fi
  if $AUTH && [[ "$path" != /ping ]]; then args+=(-H "@$SECURITY_DIR/admin.header"); fi
  curl "${args[@]}" "$@" "$(admin_url "$i")$path"
}

admin_get() { admin_curl "$1" "$2" -fs -o /dev/null --max-time 1; }
