/// The elements of an ``AsyncBoundedQueue`` and whether it has ended: a pure state machine (no
/// locks, no I/O) the queue holds under its lock.
public struct BoundedQueue<Element> {
    /// How many elements make the queue full.
    public let capacity: Int
    /// Waiting elements, oldest first: `elements[head...]` (taking advances `head` instead of
    /// moving the rest; the taken prefix is dropped once it is half the storage).
    private var elements: [Element] = []
    private var head = 0
    /// Set by ``finish(throwing:)``.
    public private(set) var isFinished = false
    private var failure: (any Error)?

    /// An empty queue that is full at `capacity` elements (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many elements wait.
    public var count: Int { elements.count - head }

    /// Whether `capacity` or more elements wait: producers that wait for space wait now.
    public var isFull: Bool { count >= capacity }

    /// Whether a taker has something to return: elements, or the end.
    public var canTake: Bool { count > 0 || isFinished }

    /// Whether a producer waiting for space can go on: the queue is not full, or it has ended.
    public var hasSpace: Bool { !isFull || isFinished }

    /// Appends `newElements` whole (a producer that checked for space may overshoot the
    /// capacity by one batch); returns false, appending nothing, once the queue has ended.
    public mutating func append(contentsOf newElements: some Sequence<Element>) -> Bool {
        guard !isFinished else { return false }
        elements.append(contentsOf: newElements)
        return true
    }

    /// What a taker gets: up to `maximum` of the oldest elements, oldest first; once the queue
    /// has ended and is drained, `nil`, or the error it ended with. An empty array means wait.
    public mutating func take(upTo maximum: Int) -> Result<[Element]?, any Error> {
        let taken = min(max(1, maximum), count)
        guard taken > 0 else {
            guard isFinished else { return .success([]) }
            return failure.map { .failure($0) } ?? .success(nil)
        }
        let batch = Array(elements[head..<head + taken])
        head += taken
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        } else if head * 2 >= elements.count {
            elements.removeFirst(head)
            head = 0
        }
        return .success(batch)
    }

    /// Ends the queue: nothing more is appended; takers get what is left, then the end (`failure`
    /// if given). Only the first call counts.
    public mutating func finish(throwing failure: (any Error)? = nil) {
        guard !isFinished else { return }
        isFinished = true
        self.failure = failure
    }
}

extension BoundedQueue: Sendable where Element: Sendable {}
