#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>
#include <string.h>
#include <sys/time.h>

/* Glue over rabbitmq-c for Swift: amqp_login is variadic (Swift cannot call it) and the method ids are
   cast macros Swift does not import. Each helper returns 1 on success, 0 or -1 otherwise. */

static inline int sf_reply_ok(amqp_rpc_reply_t reply) { return reply.reply_type == AMQP_RESPONSE_NORMAL; }

/* Opens a connection with channel 1 ready; NULL on failure (reason in `error`, up to 255 bytes). */
static inline amqp_connection_state_t sf_amqp_connect(const char *host, int port, const char *user, const char *password,
                                                      const char *vhost, int timeout_ms, char *error) {
    amqp_connection_state_t conn = amqp_new_connection();
    if (!conn) { strncpy(error, "out of memory", 255); return NULL; }
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    if (!socket || amqp_socket_open_noblock(socket, host, port, &tv) != AMQP_STATUS_OK) {
        strncpy(error, "cannot open a TCP connection", 255);
        amqp_destroy_connection(conn);
        return NULL;
    }
    amqp_set_rpc_timeout(conn, &tv);
    amqp_rpc_reply_t login = amqp_login(conn, vhost, 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, user, password);
    if (!sf_reply_ok(login)) {
        strncpy(error, "login refused", 255);
        amqp_destroy_connection(conn);
        return NULL;
    }
    amqp_channel_open(conn, 1);
    if (!sf_reply_ok(amqp_get_rpc_reply(conn))) {
        strncpy(error, "cannot open channel 1", 255);
        amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
        amqp_destroy_connection(conn);
        return NULL;
    }
    return conn;
}

static inline void sf_amqp_close(amqp_connection_state_t conn) {
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

/* A durable topic exchange and publisher confirms on channel 1. */
static inline int sf_amqp_prepare_publisher(amqp_connection_state_t conn, const char *exchange) {
    amqp_exchange_declare(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes("topic"), 0, 1, 0, 0, amqp_empty_table);
    if (!sf_reply_ok(amqp_get_rpc_reply(conn))) return 0;
    amqp_confirm_select(conn, 1);
    return sf_reply_ok(amqp_get_rpc_reply(conn));
}

/* Publishes a persistent message and waits for the broker's confirm: 1 acked, 0 nacked, -1 failed. */
static inline int sf_amqp_publish(amqp_connection_state_t conn, const char *exchange, const char *routing_key,
                                  const char *message_id, const void *body, size_t length, int timeout_ms) {
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof props);
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.delivery_mode = 2;
    props.message_id = amqp_cstring_bytes(message_id);
    props.content_type = amqp_cstring_bytes("application/json");
    amqp_bytes_t bytes = { length, (void *)body };
    if (amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key), 0, 0, &props, bytes) != AMQP_STATUS_OK)
        return -1;
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    for (;;) {
        amqp_frame_t frame;
        if (amqp_simple_wait_frame_noblock(conn, &frame, &tv) != AMQP_STATUS_OK) return -1;
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) { amqp_maybe_release_buffers(conn); return 1; }
        if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) { amqp_maybe_release_buffers(conn); return 0; }
        if (frame.payload.method.id == AMQP_BASIC_RETURN_METHOD) continue;
        return -1;
    }
}

/* A durable queue for a consumer group, bound to the exchange, with manual acks and a prefetch. */
static inline int sf_amqp_prepare_consumer(amqp_connection_state_t conn, const char *exchange, const char *queue, int prefetch) {
    amqp_exchange_declare(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes("topic"), 0, 1, 0, 0, amqp_empty_table);
    if (!sf_reply_ok(amqp_get_rpc_reply(conn))) return 0;
    amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue), 0, 1, 0, 0, amqp_empty_table);
    if (!sf_reply_ok(amqp_get_rpc_reply(conn))) return 0;
    amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
    return sf_reply_ok(amqp_get_rpc_reply(conn));
}

static inline int sf_amqp_bind(amqp_connection_state_t conn, const char *exchange, const char *queue, const char *pattern) {
    amqp_queue_bind(conn, 1, amqp_cstring_bytes(queue), amqp_cstring_bytes(exchange), amqp_cstring_bytes(pattern), amqp_empty_table);
    return sf_reply_ok(amqp_get_rpc_reply(conn));
}

static inline int sf_amqp_consume(amqp_connection_state_t conn, const char *queue) {
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    return sf_reply_ok(amqp_get_rpc_reply(conn));
}

/* Waits for one delivery: 1 got one (free it with amqp_destroy_envelope), 0 timed out, -1 connection failed. */
static inline int sf_amqp_next(amqp_connection_state_t conn, amqp_envelope_t *envelope, int timeout_ms) {
    amqp_maybe_release_buffers(conn);
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    amqp_rpc_reply_t reply = amqp_consume_message(conn, envelope, &tv, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return 1;
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) return 0;
    return -1;
}

static inline int sf_amqp_ack(amqp_connection_state_t conn, uint64_t tag) { return amqp_basic_ack(conn, 1, tag, 0) == AMQP_STATUS_OK; }
static inline int sf_amqp_requeue(amqp_connection_state_t conn, uint64_t tag) { return amqp_basic_nack(conn, 1, tag, 0, 1) == AMQP_STATUS_OK; }
