// The replica set of three (docker-compose.yml): the document store's atomic writes use
// transactions, which need a replica set. mongo-1's health check also initiates it if this
// script did not run (it runs only on a fresh data volume).
try {
  rs.status();
} catch (e) {
  rs.initiate({
    _id: "rs0",
    members: [
      { _id: 0, host: "mongo-1:27017", priority: 2 },
      { _id: 1, host: "mongo-2:27017" },
      { _id: 2, host: "mongo-3:27017" },
    ],
  });
}
