// Filled by its issue.
import CRabbitMQ
