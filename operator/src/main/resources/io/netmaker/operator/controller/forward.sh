
# Shared tail: one socat per port ("listen:forward/PROTO"), IPv4 listeners on $BIND_IP only, then ready.
echo "proxy: listening on $BIND_IP, forwarding to $TARGET ports=$PORTS" >&2
for spec in $PORTS; do
  listen=${spec%%:*}; rest=${spec#*:}; port=${rest%%/*}; proto=${rest#*/}
  if [ "$proto" = "UDP" ]; then
    socat "UDP4-LISTEN:$listen,bind=$BIND_IP,fork,reuseaddr" "UDP:$TARGET:$port" &
  else
    socat "TCP4-LISTEN:$listen,bind=$BIND_IP,fork,reuseaddr" "TCP:$TARGET:$port" &
  fi
done
touch "$READY_FILE"
wait
