/// Every current event of Nexus: a closed set, so deciders and projections switch exhaustively.
///
/// Stored events are read back with ``decode(eventType:schemaVersion:data:)``, which upcasts
/// older schema versions to the current one.
public enum NexusEvent: Sendable, Equatable {
    case userRegistered(UserRegistered)
    case userEmailReserved(UserEmailReserved)
    case userProfileUpdated(UserProfileUpdated)
    case userRoleChanged(UserRoleChanged)
    case userDeactivated(UserDeactivated)
    case userEmailReleased(UserEmailReleased)
    case userPasswordChanged(UserPasswordChanged)
    case userErased(UserErased)
    case adminRosterChanged(AdminRosterChanged)
    case categoryCreated(CategoryCreated)
    case categoryRenamed(CategoryRenamed)
    case productCreated(ProductCreated)
    case productRenamed(ProductRenamed)
    case productDescriptionChanged(ProductDescriptionChanged)
    case productPriceChanged(ProductPriceChanged)
    case productRecategorized(ProductRecategorized)
    case productDiscontinued(ProductDiscontinued)
    case stockReceived(StockReceived)
    case stockAdjusted(StockAdjusted)
    case stockReserved(StockReserved)
    case stockReservationReleased(StockReservationReleased)
    case stockShipped(StockShipped)
    case orderPlaced(OrderPlaced)
    case orderPaid(OrderPaid)
    case orderShipped(OrderShipped)
    case orderCancelled(OrderCancelled)

    /// The payload as its protocol.
    public var payload: any EventPayload {
        switch self {
        case .userRegistered(let payload): payload
        case .userEmailReserved(let payload): payload
        case .userProfileUpdated(let payload): payload
        case .userRoleChanged(let payload): payload
        case .userDeactivated(let payload): payload
        case .userEmailReleased(let payload): payload
        case .userPasswordChanged(let payload): payload
        case .userErased(let payload): payload
        case .adminRosterChanged(let payload): payload
        case .categoryCreated(let payload): payload
        case .categoryRenamed(let payload): payload
        case .productCreated(let payload): payload
        case .productRenamed(let payload): payload
        case .productDescriptionChanged(let payload): payload
        case .productPriceChanged(let payload): payload
        case .productRecategorized(let payload): payload
        case .productDiscontinued(let payload): payload
        case .stockReceived(let payload): payload
        case .stockAdjusted(let payload): payload
        case .stockReserved(let payload): payload
        case .stockReservationReleased(let payload): payload
        case .stockShipped(let payload): payload
        case .orderPlaced(let payload): payload
        case .orderPaid(let payload): payload
        case .orderShipped(let payload): payload
        case .orderCancelled(let payload): payload
        }
    }

    /// Wraps a current-version payload; `nil` for a legacy payload type (upcast it first).
    public init?(_ payload: any EventPayload) {
        switch payload {
        case let payload as UserRegistered: self = .userRegistered(payload)
        case let payload as UserEmailReserved: self = .userEmailReserved(payload)
        case let payload as UserProfileUpdated: self = .userProfileUpdated(payload)
        case let payload as UserRoleChanged: self = .userRoleChanged(payload)
        case let payload as UserDeactivated: self = .userDeactivated(payload)
        case let payload as UserEmailReleased: self = .userEmailReleased(payload)
        case let payload as UserPasswordChanged: self = .userPasswordChanged(payload)
        case let payload as UserErased: self = .userErased(payload)
        case let payload as AdminRosterChanged: self = .adminRosterChanged(payload)
        case let payload as CategoryCreated: self = .categoryCreated(payload)
        case let payload as CategoryRenamed: self = .categoryRenamed(payload)
        case let payload as ProductCreated: self = .productCreated(payload)
        case let payload as ProductRenamed: self = .productRenamed(payload)
        case let payload as ProductDescriptionChanged: self = .productDescriptionChanged(payload)
        case let payload as ProductPriceChanged: self = .productPriceChanged(payload)
        case let payload as ProductRecategorized: self = .productRecategorized(payload)
        case let payload as ProductDiscontinued: self = .productDiscontinued(payload)
        case let payload as StockReceived: self = .stockReceived(payload)
        case let payload as StockAdjusted: self = .stockAdjusted(payload)
        case let payload as StockReserved: self = .stockReserved(payload)
        case let payload as StockReservationReleased: self = .stockReservationReleased(payload)
        case let payload as StockShipped: self = .stockShipped(payload)
        case let payload as OrderPlaced: self = .orderPlaced(payload)
        case let payload as OrderPaid: self = .orderPaid(payload)
        case let payload as OrderShipped: self = .orderShipped(payload)
        case let payload as OrderCancelled: self = .orderCancelled(payload)
        default: return nil
        }
    }

    /// The payload types written today, one per event type, in contract order.
    public static let currentTypes: [any EventPayload.Type] = [
        UserRegistered.self,
        UserEmailReserved.self,
        UserProfileUpdated.self,
        UserRoleChanged.self,
        UserDeactivated.self,
        UserEmailReleased.self,
        UserPasswordChanged.self,
        UserErased.self,
        AdminRosterChanged.self,
        CategoryCreated.self,
        CategoryRenamed.self,
        ProductCreated.self,
        ProductRenamed.self,
        ProductDescriptionChanged.self,
        ProductPriceChanged.self,
        ProductRecategorized.self,
        ProductDiscontinued.self,
        StockReceived.self,
        StockAdjusted.self,
        StockReserved.self,
        StockReservationReleased.self,
        StockShipped.self,
        OrderPlaced.self,
        OrderPaid.self,
        OrderShipped.self,
        OrderCancelled.self,
    ]
}
